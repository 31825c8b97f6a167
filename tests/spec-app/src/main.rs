//! Serves the spec app on the local server (`PORT`, default 3000).

fn main() {
    routeway_local::run(spec_app::app());
}
