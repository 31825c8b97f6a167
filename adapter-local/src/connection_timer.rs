//! The header-read timeout's timer, one per connection. hyper asks its timer for a fresh deadline
//! each time it starts waiting for a request head, and drops it once the head is in; with
//! `TokioTimer` every request then registers a timer-wheel entry and removes it again. Here all of a
//! connection's deadlines share one tokio sleep, the alarm. While it is set for an earlier instant, a
//! later deadline leaves it alone; when it goes off before the deadline that is current then (the
//! request it was set for has been answered), it is moved to that deadline. So a busy keep-alive
//! connection touches the timer wheel once per timeout period instead of twice per request.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};
use std::task::{Context, Poll, Waker};
use std::time::{Duration, Instant};

use hyper::rt::{Sleep, Timer};

/// A connection's timer for hyper's `header_read_timeout`. Give each connection its own: the
/// deadlines it hands out wake the task that polled them last.
#[derive(Clone, Debug, Default)]
pub(crate) struct ConnectionTimer {
    alarm: Arc<Mutex<Option<Alarm>>>,
}

/// The connection's one tokio sleep, and the waker it was last polled with.
#[derive(Debug)]
struct Alarm {
    sleep: Pin<Box<tokio::time::Sleep>>,
    waker: Waker,
}

impl Timer for ConnectionTimer {
    fn sleep(&self, duration: Duration) -> Pin<Box<dyn Sleep>> {
        self.sleep_until(self.now() + duration)
    }

    /// tokio's clock, which the alarm runs on (it is std's unless a test pauses it).
    fn now(&self) -> Instant {
        tokio::time::Instant::now().into_std()
    }

    fn sleep_until(&self, deadline: Instant) -> Pin<Box<dyn Sleep>> {
        Box::pin(Deadline {
            at: tokio::time::Instant::from_std(deadline),
            alarm: Arc::clone(&self.alarm),
        })
    }
}

/// One deadline of a [`ConnectionTimer`]: ready once `at` has passed.
struct Deadline {
    at: tokio::time::Instant,
    alarm: Arc<Mutex<Option<Alarm>>>,
}

impl Sleep for Deadline {}

impl Future for Deadline {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let at = self.at;
        let mut alarm = self.alarm.lock().unwrap_or_else(PoisonError::into_inner);
        let alarm = match &mut *alarm {
            // Set for this deadline or an earlier one, not gone off, and it wakes this task.
            Some(alarm)
                if alarm.sleep.deadline() <= at && !alarm.sleep.is_elapsed() && alarm.waker.will_wake(cx.waker()) =>
            {
                return Poll::Pending;
            }
            Some(alarm) => alarm,
            None => alarm.insert(Alarm {
                sleep: Box::pin(tokio::time::sleep_until(at)),
                waker: cx.waker().clone(),
            }),
        };
        if !alarm.waker.will_wake(cx.waker()) {
            alarm.waker.clone_from(cx.waker());
        }
        if alarm.sleep.deadline() > at {
            alarm.sleep.as_mut().reset(at);
        }
        if alarm.poll(cx).is_pending() {
            return Poll::Pending;
        }
        if alarm.sleep.deadline() == at {
            return Poll::Ready(());
        }
        // The alarm was set for an earlier deadline, whose request has been answered: move it here.
        alarm.sleep.as_mut().reset(at);
        alarm.poll(cx)
    }
}

impl Alarm {
    /// Polls the sleep outside tokio's task budget: a poll the budget turned away would register no
    /// waker, and the fast path above, which trusts an armed alarm to wake the task, would then
    /// wait for ever.
    fn poll(&mut self, cx: &mut Context<'_>) -> Poll<()> {
        Pin::new(&mut tokio::task::unconstrained(self.sleep.as_mut())).poll(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A deadline first polled when the task has spent its tokio budget still wakes the task.
    #[tokio::test]
    async fn a_deadline_polled_without_budget_still_goes_off() {
        let timer = ConnectionTimer::default();
        let mut deadline = timer.sleep(Duration::from_millis(50));
        std::future::poll_fn(|cx| {
            let mut spend = Box::pin(tokio::task::consume_budget());
            while spend.as_mut().poll(cx).is_ready() {
                spend = Box::pin(tokio::task::consume_budget());
            }
            assert!(deadline.as_mut().poll(cx).is_pending());
            Poll::Ready(())
        })
        .await;
        let went_off = tokio::time::timeout(Duration::from_secs(5), deadline).await;
        assert!(went_off.is_ok(), "the deadline never woke its task");
    }
}
