//! Handler errors and panics reach the Worker's console (`wrangler dev`, `wrangler tail`, Workers Logs).

use std::io::Write;
use std::sync::Once;

use tracing_subscriber::fmt::MakeWriter;

/// Installs the console subscriber once per isolate; `RUST_LOG`-style filtering is not available
/// on Workers, so warnings and errors are written.
pub(crate) fn init() {
    static INIT: Once = Once::new();
    INIT.call_once(|| {
        let subscriber = tracing_subscriber::fmt()
            .with_writer(Console)
            .with_ansi(false)
            .without_time()
            .with_max_level(tracing::Level::WARN)
            .finish();
        let _ = tracing::subscriber::set_global_default(subscriber);
    });
}

/// Writes each formatted event with `console.error` (warnings and errors are all that is logged).
#[derive(Clone, Copy)]
struct Console;

struct Line(Vec<u8>);

impl<'a> MakeWriter<'a> for Console {
    type Writer = Line;

    fn make_writer(&'a self) -> Line {
        Line(Vec::new())
    }
}

impl Write for Line {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Drop for Line {
    fn drop(&mut self) {
        let text = String::from_utf8_lossy(&self.0);
        web_sys::console::error_1(&text.trim_end().into());
    }
}
