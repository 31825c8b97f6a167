//! An OpenAI-compatible chat completion, streamed: the upstream's server-sent events are parsed as
//! they arrive and each token is passed on at once.

use std::collections::VecDeque;

use bytes::{Bytes, BytesMut};
use futures_util::{Stream, StreamExt};
use routeway::{BoxError, BoxStream};

/// Turns an upstream SSE byte stream into a stream of token texts, ending at `[DONE]`.
pub fn tokens(upstream: BoxStream<'static, Result<Bytes, BoxError>>) -> impl Stream<Item = Result<String, BoxError>> {
    let state = (upstream, BytesMut::new(), VecDeque::<String>::new(), false);
    futures_util::stream::unfold(state, |(mut upstream, mut buffer, mut ready, mut done)| async move {
        loop {
            if let Some(token) = ready.pop_front() {
                return Some((Ok(token), (upstream, buffer, ready, done)));
            }
            if done {
                return None;
            }
            match upstream.next().await {
                None => done = true,
                Some(Err(error)) => return Some((Err(error), (upstream, buffer, ready, true))),
                Some(Ok(chunk)) => {
                    buffer.extend_from_slice(&chunk);
                    while let Some(end) = find_event_end(&buffer) {
                        let event = buffer.split_to(end.0);
                        let _separator = buffer.split_to(end.1);
                        match parse_event(&event) {
                            Event::Token(token) => ready.push_back(token),
                            Event::Done => done = true,
                            Event::Other => {}
                        }
                    }
                }
            }
        }
    })
}

enum Event {
    Token(String),
    Done,
    Other,
}

/// The end of the first complete event and the length of its blank-line separator.
fn find_event_end(buffer: &[u8]) -> Option<(usize, usize)> {
    let lf = buffer.windows(2).position(|w| w == b"\n\n").map(|at| (at, 2));
    let crlf = buffer.windows(4).position(|w| w == b"\r\n\r\n").map(|at| (at, 4));
    match (lf, crlf) {
        (Some(a), Some(b)) => Some(if a.0 < b.0 { a } else { b }),
        (found, None) | (None, found) => found,
    }
}

fn parse_event(event: &[u8]) -> Event {
    let text = String::from_utf8_lossy(event);
    let data: Vec<&str> = text
        .lines()
        .filter_map(|line| line.strip_prefix("data:"))
        .map(|data| data.strip_prefix(' ').unwrap_or(data))
        .collect();
    let data = data.join("\n");
    if data.trim() == "[DONE]" {
        return Event::Done;
    }
    let Ok(value) = serde_json::from_str::<serde_json::Value>(&data) else {
        return Event::Other;
    };
    match value["choices"][0]["delta"]["content"].as_str() {
        Some(token) if !token.is_empty() => Event::Token(token.to_owned()),
        _ => Event::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_split_across_chunks_and_done() {
        let raw = [
            "data: {\"choices\":[{\"delta\":{\"content\":\"Hel\"}}]}\n",
            "\ndata: {\"choices\":[{\"delta\":{\"role\":\"assistant\"}}]}\r\n\r\n",
            "data: {\"choices\":[{\"delta\":{\"content\":\"lo\"}}]}\n\ndata: [DONE]\n\ndata: ignored\n\n",
        ];
        let upstream: BoxStream<'static, Result<Bytes, BoxError>> =
            Box::pin(futures_util::stream::iter(raw.map(|chunk| Ok(Bytes::from(chunk)))));
        let collected: Vec<String> =
            futures_executor::block_on(tokens(upstream).map(|t| t.unwrap()).collect::<Vec<_>>());
        assert_eq!(collected, ["Hel", "lo"]);
    }
}
