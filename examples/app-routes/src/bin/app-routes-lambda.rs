//! The same routes on AWS Lambda: `cargo lambda watch --bin app-routes-lambda` locally,
//! `cargo lambda build --release --bin app-routes-lambda` then `cargo lambda deploy` for real.

fn main() {
    routeway_lambda::run(app_routes::app());
}
