//! Sends every case through a harness and checks the response against the case's expectations.

use std::collections::HashMap;
use std::time::Duration;

use crate::case::{BodyCheck, Case, HeaderCheck, StreamCheck};
use crate::harness::{Harness, Observed};

/// The outcome of a run on one harness.
#[derive(Debug, Default)]
pub struct Report {
    /// Cases that held.
    pub passed: usize,
    /// Cases that did not, with why.
    pub failed: Vec<(String, String)>,
    /// Cases not run on this target, with the documented reason.
    pub exempt: Vec<(String, String)>,
}

impl Report {
    /// `N passed, N failed, N skipped` for the summary line (skipped = documented exemptions).
    pub fn summary(&self) -> String {
        format!(
            "{} passed, {} failed, {} skipped",
            self.passed,
            self.failed.len(),
            self.exempt.len()
        )
    }
}

/// Runs `cases` in order through `harness`.
pub async fn run<H: Harness>(harness: &H, cases: &[Case]) -> Report {
    let mut report = Report::default();
    let mut bodies: HashMap<String, Vec<u8>> = HashMap::new();
    let target = harness.target();
    for case in cases {
        if let Some((_, reason)) = case.exempt.iter().find(|(exempt, _)| *exempt == target) {
            report.exempt.push((case.name.clone(), reason.clone()));
            continue;
        }
        if let Some(delay) = case.delay {
            tokio::time::sleep(delay).await;
        }
        let outcome = match harness.send(case.app, &case.request).await {
            Ok(observed) => {
                let outcome = check(case, &observed).and_then(|()| compare(case, &observed, &bodies));
                bodies.insert(case.name.clone(), observed.body());
                outcome
            }
            Err(error) => Err(format!("request failed: {error}")),
        };
        match outcome {
            Ok(()) => report.passed += 1,
            Err(reason) => report.failed.push((case.name.clone(), reason)),
        }
    }
    report
}

/// Compares the body with an earlier case's, when the case asks for it.
fn compare(case: &Case, observed: &Observed, bodies: &HashMap<String, Vec<u8>>) -> Result<(), String> {
    let Some((name, same)) = &case.expect.compared_with else {
        return Ok(());
    };
    let earlier = bodies
        .get(name)
        .ok_or_else(|| format!("case {name:?} has not run before this one"))?;
    let body = observed.body();
    match (*same, body == *earlier) {
        (true, true) | (false, false) => Ok(()),
        (true, false) => Err(format!(
            "body {:?} differs from {name:?}'s {:?}",
            String::from_utf8_lossy(&body),
            String::from_utf8_lossy(earlier)
        )),
        (false, true) => Err(format!("body is still {name:?}'s {:?}", String::from_utf8_lossy(&body))),
    }
}

/// Checks one observed response against the case.
pub fn check(case: &Case, observed: &Observed) -> Result<(), String> {
    let expect = &case.expect;
    let body = observed.body();
    let shown = String::from_utf8_lossy(&body[..body.len().min(300)]).into_owned();
    if observed.status != expect.status {
        return Err(format!(
            "status {} (expected {}), body {shown:?}",
            observed.status, expect.status
        ));
    }
    for header in &expect.headers {
        check_header(header, observed)?;
    }
    match &expect.body {
        BodyCheck::Any => {}
        BodyCheck::Empty if body.is_empty() => {}
        BodyCheck::Empty => return Err(format!("body {shown:?} (expected empty)")),
        BodyCheck::Exact(bytes) if body == *bytes => {}
        BodyCheck::Exact(bytes) => {
            return Err(format!(
                "body {shown:?} (expected {:?})",
                String::from_utf8_lossy(bytes)
            ));
        }
        BodyCheck::Contains(text) if String::from_utf8_lossy(&body).contains(text.as_str()) => {}
        BodyCheck::Contains(text) => return Err(format!("body {shown:?} does not contain {text:?}")),
        BodyCheck::Json(value) => {
            let parsed: serde_json::Value =
                serde_json::from_slice(&body).map_err(|e| format!("body {shown:?} is not JSON: {e}"))?;
            if parsed != *value {
                return Err(format!("JSON body {parsed} (expected {value})"));
            }
        }
    }
    if let Some(stream) = &expect.stream {
        check_stream(stream, observed)?;
    }
    Ok(())
}

fn check_header(check: &HeaderCheck, observed: &Observed) -> Result<(), String> {
    let text = |name: &str| {
        observed
            .headers
            .get(name)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
    };
    match check {
        HeaderCheck::Equals(name, value) => match text(name) {
            Some(actual) if actual == *value => Ok(()),
            actual => Err(format!("header {name}: {actual:?} (expected {value:?})")),
        },
        HeaderCheck::Contains(name, part) => match text(name) {
            Some(actual) if actual.contains(part.as_str()) => Ok(()),
            actual => Err(format!("header {name}: {actual:?} (expected to contain {part:?})")),
        },
        HeaderCheck::Absent(name) => match text(name) {
            None => Ok(()),
            Some(actual) => Err(format!("header {name}: {actual:?} (expected absent)")),
        },
        HeaderCheck::Count(name, count) => {
            let actual = observed.headers.get_all(name).iter().count();
            if actual == *count {
                Ok(())
            } else {
                Err(format!("header {name} appears {actual} times (expected {count})"))
            }
        }
        HeaderCheck::Values(name, values) => {
            let actual: Vec<String> = observed
                .headers
                .get_all(name.as_str())
                .iter()
                .flat_map(|value| {
                    String::from_utf8_lossy(value.as_bytes())
                        .split(',')
                        .map(|part| part.trim().to_owned())
                        .collect::<Vec<_>>()
                })
                .collect();
            if actual == *values {
                Ok(())
            } else {
                Err(format!("header {name} values {actual:?} (expected {values:?})"))
            }
        }
        HeaderCheck::Json(name, value) => {
            let actual = text(name).ok_or_else(|| format!("header {name} missing"))?;
            let parsed: serde_json::Value =
                serde_json::from_str(&actual).map_err(|e| format!("header {name}: {actual:?} is not JSON: {e}"))?;
            if parsed == *value {
                Ok(())
            } else {
                Err(format!("header {name}: {parsed} (expected {value})"))
            }
        }
    }
}

/// Each expected chunk must start arriving at least `min_gap` after the previous one started.
fn check_stream(stream: &StreamCheck, observed: &Observed) -> Result<(), String> {
    let mut offset = 0usize;
    let mut previous: Option<Duration> = None;
    for chunk in &stream.chunks {
        let arrived = arrival_of_byte(observed, offset).ok_or_else(|| format!("chunk {chunk:?} never arrived"))?;
        if let Some(previous) = previous {
            if arrived < previous + stream.min_gap {
                return Err(format!(
                    "chunk {chunk:?} arrived {:?} after the previous one (expected at least {:?}: was the stream buffered?)",
                    arrived.saturating_sub(previous),
                    stream.min_gap
                ));
            }
        }
        previous = Some(arrived);
        offset += chunk.len();
    }
    Ok(())
}

fn arrival_of_byte(observed: &Observed, offset: usize) -> Option<Duration> {
    let mut seen = 0usize;
    for (at, frame) in &observed.frames {
        if offset < seen + frame.len() {
            return Some(*at);
        }
        seen += frame.len();
    }
    None
}
