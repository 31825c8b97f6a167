//! Serves the fixture on the local server: `PORT=3100 cargo run -p next-app-routes`.

fn main() {
    routeway_local::run(next_app_routes::app());
}
