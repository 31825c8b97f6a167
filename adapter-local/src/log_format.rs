//! The log line format: `2026-11-23T17:31:06.863Z  INFO GET /items 200 0.4ms`.
//!
//! Plain text, the timestamp's date and time rendered once per second and reused, the message written
//! as is with control characters escaped: a line per request costs little next to serving it.

use std::cell::RefCell;
use std::fmt::{self, Write};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use tracing::field::{Field, Visit};
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::fmt::format::Writer;
use tracing_subscriber::fmt::{FmtContext, FormatEvent, FormatFields};
use tracing_subscriber::registry::LookupSpan;

/// The local server's event format.
#[derive(Debug, Clone, Copy, Default)]
pub struct LineFormat;

impl<S, N> FormatEvent<S, N> for LineFormat
where
    S: Subscriber + for<'a> LookupSpan<'a>,
    N: for<'a> FormatFields<'a> + 'static,
{
    fn format_event(&self, _ctx: &FmtContext<'_, S, N>, mut writer: Writer<'_>, event: &Event<'_>) -> fmt::Result {
        write_timestamp(&mut writer)?;
        writer.write_str(match *event.metadata().level() {
            Level::ERROR => " ERROR ",
            Level::WARN => "  WARN ",
            Level::INFO => "  INFO ",
            Level::DEBUG => " DEBUG ",
            Level::TRACE => " TRACE ",
        })?;
        let mut visitor = LineVisitor {
            out: Escaped(&mut writer),
            result: Ok(()),
        };
        event.record(&mut visitor);
        visitor.result?;
        writer.write_char('\n')
    }
}

thread_local! {
    static SECOND: RefCell<(u64, String)> = const { RefCell::new((u64::MAX, String::new())) };
}

fn write_timestamp(writer: &mut Writer<'_>) -> fmt::Result {
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
    let seconds = now.as_secs();
    SECOND.with(|cached| {
        let mut cached = cached.borrow_mut();
        if cached.0 != seconds {
            let time =
                time::OffsetDateTime::from_unix_timestamp(seconds as i64).unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
            cached.1.clear();
            let (year, month, day) = time.to_calendar_date();
            let (hour, minute, second) = time.to_hms();
            write!(
                cached.1,
                "{year:04}-{:02}-{day:02}T{hour:02}:{minute:02}:{second:02}",
                month as u8
            )?;
            cached.0 = seconds;
        }
        writer.write_str(&cached.1)?;
        let millis = now.subsec_millis();
        let digits = [b'.', digit(millis / 100), digit(millis / 10), digit(millis), b'Z'];
        writer.write_str(std::str::from_utf8(&digits).unwrap_or(".000Z"))
    })
}

/// The ASCII digit for `value`'s last decimal place.
fn digit(value: u32) -> u8 {
    b'0' + (value % 10) as u8
}

/// The most bytes of a request path a log line shows; the rest is counted, not written, so a
/// client cannot make the log grow by kilobytes per request.
pub(crate) const LOGGED_PATH_LIMIT: usize = 512;

/// The request line's message, `GET /items 200 0.4ms`: written piece by piece rather than through
/// `format!`, as it is rendered once per request. A path over [`LOGGED_PATH_LIMIT`] is cut there,
/// `GET /aaa…(+15000 bytes) 404 0.1ms`.
pub(crate) fn request_line(method: &str, path: &str, status: &str, elapsed: Duration) -> String {
    let shown = if path.len() > LOGGED_PATH_LIMIT {
        let mut end = LOGGED_PATH_LIMIT;
        while !path.is_char_boundary(end) {
            end -= 1;
        }
        &path[..end]
    } else {
        path
    };
    let mut line = String::with_capacity(method.len() + shown.len() + status.len() + 40);
    line.push_str(method);
    line.push(' ');
    line.push_str(shown);
    if shown.len() < path.len() {
        line.push_str("…(+");
        push_decimal(&mut line, (path.len() - shown.len()) as u64);
        line.push_str(" bytes)");
    }
    line.push(' ');
    line.push_str(status);
    line.push(' ');
    let tenths = u64::try_from(elapsed.as_micros() / 100).unwrap_or(u64::MAX);
    push_decimal(&mut line, tenths / 10);
    line.push('.');
    line.push(char::from(b'0' + (tenths % 10) as u8));
    line.push_str("ms");
    line
}

fn push_decimal(line: &mut String, mut value: u64) {
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    loop {
        start -= 1;
        digits[start] = b'0' + (value % 10) as u8;
        value /= 10;
        if value == 0 {
            break;
        }
    }
    line.push_str(std::str::from_utf8(&digits[start..]).unwrap_or("?"));
}

struct LineVisitor<'a, 'w> {
    out: Escaped<'a, 'w>,
    result: fmt::Result,
}

impl Visit for LineVisitor<'_, '_> {
    fn record_str(&mut self, field: &Field, value: &str) {
        if self.result.is_ok() {
            self.result = if field.name() == "message" {
                self.out.write_str(value)
            } else {
                write!(self.out, " {}={value}", field.name())
            };
        }
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        if self.result.is_ok() {
            self.result = if field.name() == "message" {
                write!(self.out, "{value:?}")
            } else {
                write!(self.out, " {}={value:?}", field.name())
            };
        }
    }
}

/// Writes through, with control characters escaped so a message cannot forge lines or colours.
struct Escaped<'a, 'w>(&'a mut Writer<'w>);

impl Write for Escaped<'_, '_> {
    fn write_str(&mut self, text: &str) -> fmt::Result {
        // Every byte is looked at anyway for a clean message (the usual case): a fold without an
        // early exit is vectorised, where `any` goes byte by byte.
        let clean = !text.bytes().fold(false, |seen, byte| seen | byte.is_ascii_control());
        if clean {
            return self.0.write_str(text);
        }
        for c in text.chars() {
            if c.is_ascii_control() {
                write!(self.0, "{}", c.escape_default())?;
            } else {
                self.0.write_char(c)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_lines() {
        let line = |micros| request_line("GET", "/items", "200", Duration::from_micros(micros));
        assert_eq!(line(0), "GET /items 200 0.0ms");
        assert_eq!(line(420), "GET /items 200 0.4ms");
        assert_eq!(line(1_234_567), "GET /items 200 1234.5ms");
        assert_eq!(line(10_000), "GET /items 200 10.0ms");
    }

    #[test]
    fn a_long_path_is_cut_and_counted() {
        let path = format!("/{}", "a".repeat(15_000));
        let line = request_line("GET", &path, "404", Duration::from_micros(100));
        assert_eq!(line, format!("GET /{}…(+14489 bytes) 404 0.1ms", "a".repeat(511)));
        let exact = format!("/{}", "b".repeat(LOGGED_PATH_LIMIT - 1));
        assert_eq!(
            request_line("GET", &exact, "200", Duration::ZERO),
            format!("GET {exact} 200 0.0ms")
        );
        let multibyte = format!("/{}é", "c".repeat(LOGGED_PATH_LIMIT - 2));
        assert!(request_line("GET", &multibyte, "200", Duration::ZERO).ends_with("c…(+2 bytes) 200 0.0ms"));
    }
}
