//! What a cached route's handler run did that shapes its entry, as Next.js 14 lets a page's fetches
//! shape the page: a `no-store` fetch makes the route dynamic, the shortest fetch `revalidate` time
//! becomes the page's, fetch tags tag the page, and the data entries it read go when its path is
//! revalidated.

use std::sync::Mutex;

use super::CachePolicy;

/// Recorded by [`Fetch`](super::Fetch) while a cached route's handler runs; read once it returns.
#[derive(Debug, Default)]
pub(crate) struct Render {
    /// A background regeneration: a stale data entry is fetched again before the page is built
    /// from it, instead of being served stale (the page would only pick up the new data one
    /// regeneration later).
    regenerating: bool,
    /// The route's own `revalidate` time: the default of its stored fetches.
    route_revalidate: Option<u32>,
    recorded: Mutex<Rendered>,
}

/// What the fetches of one run asked of the page.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Rendered {
    /// A fetch was `no-store` (asked for, or by the route's `fetch_cache`).
    pub(crate) no_store: bool,
    /// The shortest `revalidate` time of the fetches stored in the data cache.
    pub(crate) revalidate: Option<u32>,
    /// The tags of every fetch.
    pub(crate) tags: Vec<String>,
    /// The data-cache keys the run read or wrote.
    pub(crate) data_keys: Vec<String>,
}

impl Render {
    /// A run of a route cached under `policy`; `regenerating` for a background regeneration.
    pub(crate) fn new(policy: CachePolicy, regenerating: bool) -> Self {
        Self {
            regenerating,
            route_revalidate: match policy {
                CachePolicy::Revalidate(seconds) => Some(seconds),
                CachePolicy::Static => None,
            },
            recorded: Mutex::default(),
        }
    }

    pub(crate) fn regenerating(&self) -> bool {
        self.regenerating
    }

    pub(crate) fn route_revalidate(&self) -> Option<u32> {
        self.route_revalidate
    }

    pub(crate) fn record(&self, update: impl FnOnce(&mut Rendered)) {
        update(&mut self.recorded.lock().unwrap_or_else(|poisoned| poisoned.into_inner()));
    }

    pub(crate) fn take(&self) -> Rendered {
        std::mem::take(&mut self.recorded.lock().unwrap_or_else(|poisoned| poisoned.into_inner()))
    }
}

impl Rendered {
    /// Notes a fetch: its tags, and whether it was `no-store` or stored with a `revalidate` time.
    pub(crate) fn fetch(&mut self, no_store: bool, revalidate: Option<u32>, tags: &[String]) {
        self.no_store |= no_store;
        if let Some(seconds) = revalidate {
            self.revalidate = Some(self.revalidate.map_or(seconds, |shortest| shortest.min(seconds)));
        }
        tags.iter().for_each(|tag| add_once(&mut self.tags, tag));
    }

    /// Notes a data-cache key the run used.
    pub(crate) fn data_key(&mut self, key: &str) {
        add_once(&mut self.data_keys, key);
    }
}

/// Adds `item` to `list` unless it is there already.
pub(crate) fn add_once(list: &mut Vec<String>, item: &str) {
    if !list.iter().any(|known| known == item) {
        list.push(item.to_owned());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shortest_revalidate_and_every_tag_once() {
        let render = Render::new(CachePolicy::Static, false);
        render.record(|run| run.fetch(false, Some(60), &["a".into()]));
        render.record(|run| run.fetch(false, None, &["a".into(), "b".into()]));
        render.record(|run| run.fetch(false, Some(10), &[]));
        render.record(|run| run.data_key("k"));
        render.record(|run| run.data_key("k"));
        let rendered = render.take();
        assert_eq!(rendered.revalidate, Some(10));
        assert_eq!(rendered.tags, ["a", "b"]);
        assert_eq!(rendered.data_keys, ["k"]);
        assert!(!rendered.no_store);
        render.record(|run| run.fetch(true, None, &[]));
        assert!(render.take().no_store);
    }
}
