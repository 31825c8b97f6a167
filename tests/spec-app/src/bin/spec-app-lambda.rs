//! The same routes on AWS Lambda: `cargo lambda watch --bin spec-app-lambda` locally,
//! `cargo lambda build --release --bin spec-app-lambda` then `cargo lambda deploy` for real.

fn main() {
    routeway_lambda::run(spec_app::app());
}
