//! Runs the example app on the local server: `cargo run -p app-routes` serves http://localhost:3000.

fn main() {
    routeway_local::run(app_routes::app());
}
