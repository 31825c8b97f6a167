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

/// The last timestamp written on this thread, by second and millisecond: under load many lines
/// share a millisecond, and the date and time change once a second.
struct CachedTimestamp {
    second: u64,
    millis: u32,
    /// `2026-11-23T17:31:06.863Z`; the milliseconds start at `second_len`.
    text: String,
    second_len: usize,
}

thread_local! {
    static TIMESTAMP: RefCell<CachedTimestamp> = const {
        RefCell::new(CachedTimestamp { second: u64::MAX, millis: 0, text: String::new(), second_len: 0 })
    };
}

fn write_timestamp(writer: &mut Writer<'_>) -> fmt::Result {
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
    let (second, millis) = (now.as_secs(), now.subsec_millis());
    TIMESTAMP.with(|cached| {
        let mut cached = cached.borrow_mut();
        if cached.second != second {
            let time =
                time::OffsetDateTime::from_unix_timestamp(second as i64).unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
            cached.text.clear();
            let (year, month, day) = time.to_calendar_date();
            let (hour, minute, sec) = time.to_hms();
            write!(
                cached.text,
                "{year:04}-{:02}-{day:02}T{hour:02}:{minute:02}:{sec:02}",
                month as u8
            )?;
            cached.second = second;
            cached.second_len = cached.text.len();
            cached.millis = u32::MAX;
        }
        if cached.millis != millis {
            let second_len = cached.second_len;
            cached.text.truncate(second_len);
            cached.text.push('.');
            for place in [100, 10, 1] {
                cached.text.push(char::from(b'0' + (millis / place % 10) as u8));
            }
            cached.text.push('Z');
            cached.millis = millis;
        }
        writer.write_str(&cached.text)
    })
}

/// The most bytes of a request path a log line shows; the rest is counted, not written, so a
/// client cannot make the log grow by kilobytes per request.
pub(crate) const LOGGED_PATH_LIMIT: usize = 512;

/// The request line's message, `GET /items 200 0.4ms`: [`request_line_start`] then
/// [`finish_request_line`].
#[cfg(test)]
fn request_line(method: &str, path: &str, status: &str, elapsed: Duration) -> String {
    finish_request_line(request_line_start(method, path), status, elapsed)
}

/// What a request line says before the answer, `GET /items`: written piece by piece rather than
/// through `format!`, as it is rendered once per request, with room for the rest. A path over
/// [`LOGGED_PATH_LIMIT`] is cut there, `GET /aaa…(+15000 bytes)`.
pub(crate) fn request_line_start(method: &str, path: &str) -> String {
    let shown = if path.len() > LOGGED_PATH_LIMIT {
        let mut end = LOGGED_PATH_LIMIT;
        while !path.is_char_boundary(end) {
            end -= 1;
        }
        &path[..end]
    } else {
        path
    };
    let mut line = String::with_capacity(method.len() + shown.len() + 40);
    line.push_str(method);
    line.push(' ');
    line.push_str(shown);
    if shown.len() < path.len() {
        line.push_str("…(+");
        push_decimal(&mut line, (path.len() - shown.len()) as u64);
        line.push_str(" bytes)");
    }
    line
}

/// The rest of a request line, ` 200 0.4ms`.
pub(crate) fn finish_request_line(mut line: String, status: &str, elapsed: Duration) -> String {
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
    line.extend(digits[start..].iter().map(|&digit| char::from(digit)));
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

    /// Lines formatted by [`LineFormat`] while `emit` runs.
    fn formatted(emit: impl FnOnce()) -> String {
        let out = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let sink = out.clone();
        let subscriber = tracing_subscriber::fmt()
            .event_format(LineFormat)
            .with_writer(move || SharedSink(sink.clone()))
            .finish();
        tracing::subscriber::with_default(subscriber, emit);
        let bytes = out.lock().unwrap().clone();
        String::from_utf8(bytes).unwrap()
    }

    struct SharedSink(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);

    impl std::io::Write for SharedSink {
        fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn lines_start_with_the_utc_time_to_the_millisecond() {
        let before = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs();
        let out = formatted(|| {
            for _ in 0..3 {
                tracing::info!("hello");
                std::thread::sleep(Duration::from_millis(2));
            }
            tracing::warn!("careful");
        });
        let after = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs();
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 4, "{out}");
        let mut stamps = Vec::new();
        for (line, message) in lines
            .iter()
            .zip(["  INFO hello", "  INFO hello", "  INFO hello", "  WARN careful"])
        {
            let (stamp, rest) = line.split_at(24);
            assert_eq!(rest, message);
            let shape: String = stamp
                .chars()
                .map(|c| if c.is_ascii_digit() { '9' } else { c })
                .collect();
            assert_eq!(shape, "9999-99-99T99:99:99.999Z", "{line}");
            stamps.push(stamp.to_owned());
        }
        // Each line has its own millisecond (2 ms apart), and they keep their order.
        assert!(stamps.windows(2).all(|pair| pair[0] < pair[1]), "{stamps:?}");
        // The time of day is the clock's, in UTC.
        let seconds_of_day = |stamp: &str| {
            let field = |range: std::ops::Range<usize>| stamp[range].parse::<u64>().unwrap();
            field(11..13) * 3600 + field(14..16) * 60 + field(17..19)
        };
        let first = seconds_of_day(&stamps[0]);
        assert!(
            (before % 86_400..=after % 86_400).contains(&first) || before % 86_400 > after % 86_400,
            "{} is not between {before} and {after}",
            stamps[0]
        );
    }

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
