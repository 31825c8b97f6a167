//! The same routes on AWS Lambda: `cargo lambda watch --bin next-app-routes-lambda` locally,
//! `cargo lambda build --release --bin next-app-routes-lambda` then `cargo lambda deploy` for real.

fn main() {
    routeway_lambda::run(next_app_routes::app());
}
