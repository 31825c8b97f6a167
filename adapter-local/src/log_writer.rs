//! Where log lines go: stdout, either in batches written by a background thread (the local server,
//! where a line per request must not cost a system call and a thread wake-up per request) or at once
//! on the logging thread (Lambda, where a line must be out before the invocation returns).

use std::io::{self, Write};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;
use std::time::Duration;

use tracing_subscriber::fmt::MakeWriter;

/// How soon a log line reaches stdout.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogDelivery {
    /// Lines gather for at most [`BATCH_DELAY`] after the first one of a batch, then one write puts
    /// the batch out: under load, thousands of lines cost one system call. For long-running servers.
    Batched,
    /// Each line is written before logging returns. For processes that may be frozen or stopped
    /// right after a request, such as a Lambda instance between invocations.
    Immediate,
}

/// The longest a batched line waits before it is written.
pub const BATCH_DELAY: Duration = Duration::from_millis(20);

/// Past this many waiting bytes (a stalled stdout), the logging thread writes the batch itself, so
/// memory stays bounded and no line is dropped.
const BATCH_LIMIT: usize = 1 << 20;

/// The `tracing` writer: cheap to clone, every clone feeds the same output.
#[derive(Clone)]
pub(crate) struct LogWriter {
    shared: Arc<Shared>,
}

struct Shared {
    delivery: LogDelivery,
    batch: Mutex<Batch>,
    wake: Condvar,
    /// Held while writing, and taken before `batch` whenever both are needed, so batches go out in order.
    output: Mutex<Output>,
}

struct Output {
    sink: Box<dyn Write + Send>,
    /// The buffer of the batch being written, swapped with the waiting one so neither is reallocated.
    writing: Vec<u8>,
}

#[derive(Default)]
struct Batch {
    bytes: Vec<u8>,
    flush_requested: bool,
    closed: bool,
}

/// Stops the background writer when dropped, after writing every waiting line.
pub(crate) struct WriterGuard {
    shared: Arc<Shared>,
    thread: Option<JoinHandle<()>>,
}

impl LogWriter {
    /// A writer to `output`; for [`LogDelivery::Batched`], also the thread that writes the batches.
    pub(crate) fn new(delivery: LogDelivery, output: Box<dyn Write + Send>) -> (Self, WriterGuard) {
        let shared = Arc::new(Shared {
            delivery,
            batch: Mutex::new(Batch::default()),
            wake: Condvar::new(),
            output: Mutex::new(Output {
                sink: output,
                writing: Vec::new(),
            }),
        });
        let thread = (delivery == LogDelivery::Batched)
            .then(|| {
                let shared = shared.clone();
                std::thread::Builder::new()
                    .name("routeway-log".to_owned())
                    .spawn(move || shared.write_batches())
                    .ok()
            })
            .flatten();
        if delivery == LogDelivery::Batched && thread.is_none() {
            // No thread to write batches: every line is written as it comes, as after a shutdown.
            shared.lock_batch().closed = true;
        }
        let guard = WriterGuard {
            shared: shared.clone(),
            thread,
        };
        (Self { shared }, guard)
    }
}

impl Shared {
    fn lock_batch(&self) -> MutexGuard<'_, Batch> {
        self.batch.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn lock_output(&self) -> MutexGuard<'_, Output> {
        self.output.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn push(&self, line: &[u8]) {
        if self.delivery == LogDelivery::Immediate {
            return write_out(&mut self.lock_output().sink, line);
        }
        let mut batch = self.lock_batch();
        batch.bytes.extend_from_slice(line);
        // Closed (no background thread any more) or a stalled stdout: written here, after whatever
        // is waiting, so lines keep their order.
        if batch.closed || batch.bytes.len() >= BATCH_LIMIT {
            drop(batch);
            return self.write_waiting();
        }
        if !batch.flush_requested {
            batch.flush_requested = true;
            self.wake.notify_one();
        }
    }

    /// Writes whatever is waiting.
    fn write_waiting(&self) {
        let mut output = self.lock_output();
        let Output { sink, writing } = &mut *output;
        {
            let mut batch = self.lock_batch();
            batch.flush_requested = false;
            std::mem::swap(&mut batch.bytes, writing);
        }
        if !writing.is_empty() {
            write_out(sink, writing);
            writing.clear();
        }
    }

    /// The background thread: waits for a first line, lets the batch fill for a moment (cut short
    /// by a shutdown), writes it.
    fn write_batches(&self) {
        loop {
            let closed = {
                let mut batch = self.lock_batch();
                while !batch.flush_requested && !batch.closed {
                    batch = self.wake.wait(batch).unwrap_or_else(PoisonError::into_inner);
                }
                let deadline = std::time::Instant::now() + BATCH_DELAY;
                while !batch.closed {
                    let Some(left) = deadline.checked_duration_since(std::time::Instant::now()) else {
                        break;
                    };
                    batch = self
                        .wake
                        .wait_timeout(batch, left)
                        .unwrap_or_else(PoisonError::into_inner)
                        .0;
                }
                batch.closed
            };
            self.write_waiting();
            if closed {
                return;
            }
        }
    }
}

/// A log line that cannot be written is dropped: logging must never take the server down.
fn write_out(output: &mut Box<dyn Write + Send>, bytes: &[u8]) {
    let _ = output.write_all(bytes).and_then(|()| output.flush());
}

impl Write for &LogWriter {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.shared.push(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl<'a> MakeWriter<'a> for LogWriter {
    type Writer = &'a LogWriter;

    fn make_writer(&'a self) -> Self::Writer {
        self
    }
}

impl Drop for WriterGuard {
    fn drop(&mut self) {
        self.shared.lock_batch().closed = true;
        self.shared.wake.notify_all();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
        self.shared.write_waiting();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An output the test can read back, counting the writes that reached it.
    #[derive(Clone, Default)]
    struct Sink(Arc<Mutex<(Vec<u8>, usize)>>);

    impl Write for Sink {
        fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
            let mut sink = self.0.lock().unwrap();
            sink.0.extend_from_slice(bytes);
            sink.1 += 1;
            Ok(bytes.len())
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    impl Sink {
        fn text(&self) -> String {
            String::from_utf8(self.0.lock().unwrap().0.clone()).unwrap()
        }

        fn writes(&self) -> usize {
            self.0.lock().unwrap().1
        }
    }

    #[test]
    fn a_lone_line_is_written_after_the_batch_delay_without_a_drop() {
        let sink = Sink::default();
        let (writer, _guard) = LogWriter::new(LogDelivery::Batched, Box::new(sink.clone()));
        (&writer).write_all(b"one\n").unwrap();
        let deadline = std::time::Instant::now() + Duration::from_secs(5);
        while sink.text().is_empty() && std::time::Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(5));
        }
        assert_eq!(sink.text(), "one\n");
    }

    #[test]
    fn many_lines_from_many_threads_arrive_whole_in_few_writes() {
        let sink = Sink::default();
        let (writer, guard) = LogWriter::new(LogDelivery::Batched, Box::new(sink.clone()));
        let threads: Vec<_> = (0..4)
            .map(|thread| {
                let writer = writer.clone();
                std::thread::spawn(move || {
                    for line in 0..2_000 {
                        (&writer)
                            .write_all(format!("thread {thread} line {line}\n").as_bytes())
                            .unwrap();
                    }
                })
            })
            .collect();
        for thread in threads {
            thread.join().unwrap();
        }
        drop(guard);
        let text = sink.text();
        assert_eq!(text.lines().count(), 8_000);
        for thread in 0..4 {
            let numbers: Vec<usize> = text
                .lines()
                .filter_map(|line| line.strip_prefix(&format!("thread {thread} line ")))
                .map(|number| number.parse().unwrap())
                .collect();
            assert_eq!(
                numbers,
                (0..2_000).collect::<Vec<_>>(),
                "thread {thread}'s lines in order"
            );
        }
        assert!(sink.writes() < 8_000 / 10, "{} writes for 8000 lines", sink.writes());
    }

    #[test]
    fn immediate_lines_are_out_before_logging_returns() {
        let sink = Sink::default();
        let (writer, _guard) = LogWriter::new(LogDelivery::Immediate, Box::new(sink.clone()));
        (&writer).write_all(b"now\n").unwrap();
        assert_eq!(sink.text(), "now\n");
    }

    #[test]
    fn a_shutdown_does_not_wait_out_the_batch_delay_and_keeps_the_order() {
        let sink = Sink::default();
        let (writer, guard) = LogWriter::new(LogDelivery::Batched, Box::new(sink.clone()));
        (&writer).write_all(b"first\n").unwrap();
        let racing = {
            let writer = writer.clone();
            std::thread::spawn(move || {
                for _ in 0..200 {
                    (&writer).write_all(b"more\n").unwrap();
                }
            })
        };
        drop(guard);
        racing.join().unwrap();
        let text = sink.text();
        assert!(text.starts_with("first\n"), "{text:?}");
        assert_eq!(text.lines().filter(|line| *line == "more").count(), 200);
    }

    #[test]
    fn waiting_lines_never_pass_the_batch_limit_and_all_get_out() {
        let sink = Sink::default();
        let (writer, guard) = LogWriter::new(LogDelivery::Batched, Box::new(sink.clone()));
        let line = [b'x'; 1023];
        let lines = 3 * BATCH_LIMIT / 1024;
        for _ in 0..lines {
            (&writer).write_all(&line).unwrap();
            (&writer).write_all(b"\n").unwrap();
            assert!(writer.shared.lock_batch().bytes.len() < BATCH_LIMIT);
        }
        drop(guard);
        assert_eq!(sink.text().len(), lines * 1024);
    }

    #[test]
    fn lines_after_the_guard_is_dropped_are_still_written() {
        let sink = Sink::default();
        let (writer, guard) = LogWriter::new(LogDelivery::Batched, Box::new(sink.clone()));
        (&writer).write_all(b"before\n").unwrap();
        drop(guard);
        (&writer).write_all(b"after\n").unwrap();
        assert_eq!(sink.text(), "before\nafter\n");
    }
}
