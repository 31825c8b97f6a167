fn main() {
    routeway_build::generate();
}
