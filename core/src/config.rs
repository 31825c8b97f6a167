//! Route segment config (Next.js' `dynamic`, `revalidate`, `runtime`, ...), carried in the route table.
//!
//! In a route file each option is a `pub const` (`DYNAMIC`, `DYNAMIC_PARAMS`, `REVALIDATE`,
//! `FETCH_CACHE`, `RUNTIME`, `PREFERRED_REGION`, `MAX_DURATION`) with Next's values; the build scanner
//! validates them and fills a [`RouteConfig`]. Programmatic routes build one with its `const` setters.

use std::fmt;

/// `export const dynamic`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Dynamic {
    /// Cache as much as the handler allows (default).
    #[default]
    Auto,
    /// Never cache; run the handler on every request.
    ForceDynamic,
    /// A handler that reads the request is a build error.
    Error,
    /// Cache, handing the handler a request stripped of query, headers and cookies.
    ForceStatic,
}

/// `export const revalidate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Revalidate {
    /// `false`: cache until the next deployment (default).
    #[default]
    Never,
    /// `N` seconds (`0` means never cache).
    Seconds(u32),
}

/// `export const fetchCache`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FetchCache {
    /// `auto` (default).
    #[default]
    Auto,
    /// `default-cache`.
    DefaultCache,
    /// `only-cache`.
    OnlyCache,
    /// `force-cache`.
    ForceCache,
    /// `force-no-store`.
    ForceNoStore,
    /// `default-no-store`.
    DefaultNoStore,
    /// `only-no-store`.
    OnlyNoStore,
}

/// `export const runtime`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Runtime {
    /// `nodejs`: Lambda (default).
    #[default]
    Nodejs,
    /// `edge`: Cloudflare Workers.
    Edge,
}

/// `export const preferredRegion`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PreferredRegion {
    /// `auto` (default).
    #[default]
    Auto,
    /// `global`.
    Global,
    /// `home`.
    Home,
    /// A list of region names.
    Regions(&'static [&'static str]),
}

/// One route's segment config.
///
/// ```
/// use routeway::config::{Dynamic, RouteConfig, Runtime};
/// const CONFIG: RouteConfig = RouteConfig::new().dynamic(Dynamic::ForceDynamic).runtime(Runtime::Edge);
/// assert_eq!(CONFIG.runtime, Runtime::Edge);
/// assert_eq!(CONFIG.to_string(), "dynamic=force-dynamic");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RouteConfig {
    /// `dynamic`.
    pub dynamic: Dynamic,
    /// `dynamicParams`.
    pub dynamic_params: bool,
    /// `revalidate`.
    pub revalidate: Revalidate,
    /// `fetchCache`.
    pub fetch_cache: FetchCache,
    /// `runtime`.
    pub runtime: Runtime,
    /// `preferredRegion`.
    pub preferred_region: PreferredRegion,
    /// `maxDuration`, seconds.
    pub max_duration: Option<u32>,
}

impl RouteConfig {
    /// Next's defaults.
    pub const fn new() -> Self {
        Self {
            dynamic: Dynamic::Auto,
            dynamic_params: true,
            revalidate: Revalidate::Never,
            fetch_cache: FetchCache::Auto,
            runtime: Runtime::Nodejs,
            preferred_region: PreferredRegion::Auto,
            max_duration: None,
        }
    }

    /// Sets `dynamic`.
    pub const fn dynamic(mut self, dynamic: Dynamic) -> Self {
        self.dynamic = dynamic;
        self
    }

    /// Sets `dynamicParams`.
    pub const fn dynamic_params(mut self, dynamic_params: bool) -> Self {
        self.dynamic_params = dynamic_params;
        self
    }

    /// Sets `revalidate`.
    pub const fn revalidate(mut self, revalidate: Revalidate) -> Self {
        self.revalidate = revalidate;
        self
    }

    /// Sets `fetchCache`.
    pub const fn fetch_cache(mut self, fetch_cache: FetchCache) -> Self {
        self.fetch_cache = fetch_cache;
        self
    }

    /// Sets `runtime`.
    pub const fn runtime(mut self, runtime: Runtime) -> Self {
        self.runtime = runtime;
        self
    }

    /// Sets `preferredRegion`.
    pub const fn preferred_region(mut self, preferred_region: PreferredRegion) -> Self {
        self.preferred_region = preferred_region;
        self
    }

    /// Sets `maxDuration`.
    pub const fn max_duration(mut self, seconds: u32) -> Self {
        self.max_duration = Some(seconds);
        self
    }
}

impl Dynamic {
    /// Next's spelling.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Auto => "auto",
            Self::ForceDynamic => "force-dynamic",
            Self::Error => "error",
            Self::ForceStatic => "force-static",
        }
    }

    /// Parses Next's spelling.
    pub fn parse(value: &str) -> Option<Self> {
        [Self::Auto, Self::ForceDynamic, Self::Error, Self::ForceStatic]
            .into_iter()
            .find(|v| v.as_str() == value)
    }
}

impl FetchCache {
    /// Next's spelling.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Auto => "auto",
            Self::DefaultCache => "default-cache",
            Self::OnlyCache => "only-cache",
            Self::ForceCache => "force-cache",
            Self::ForceNoStore => "force-no-store",
            Self::DefaultNoStore => "default-no-store",
            Self::OnlyNoStore => "only-no-store",
        }
    }

    /// Parses Next's spelling.
    pub fn parse(value: &str) -> Option<Self> {
        [
            Self::Auto,
            Self::DefaultCache,
            Self::OnlyCache,
            Self::ForceCache,
            Self::ForceNoStore,
            Self::DefaultNoStore,
            Self::OnlyNoStore,
        ]
        .into_iter()
        .find(|v| v.as_str() == value)
    }
}

impl Runtime {
    /// Next's spelling.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Nodejs => "nodejs",
            Self::Edge => "edge",
        }
    }

    /// Parses Next's spelling.
    pub fn parse(value: &str) -> Option<Self> {
        [Self::Nodejs, Self::Edge].into_iter().find(|v| v.as_str() == value)
    }
}

impl PreferredRegion {
    /// Parses one of Next's keywords (`auto`, `global`, `home`).
    pub fn parse_keyword(value: &str) -> Option<Self> {
        match value {
            "auto" => Some(Self::Auto),
            "global" => Some(Self::Global),
            "home" => Some(Self::Home),
            _ => None,
        }
    }
}

impl fmt::Display for PreferredRegion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Auto => f.write_str("auto"),
            Self::Global => f.write_str("global"),
            Self::Home => f.write_str("home"),
            Self::Regions(regions) => f.write_str(&regions.join(",")),
        }
    }
}

impl fmt::Display for RouteConfig {
    /// The options that differ from Next's defaults, as `name=value` pairs (runtime aside: the route
    /// table prints it in a column of its own).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let defaults = Self::new();
        let mut parts = Vec::new();
        if self.dynamic != defaults.dynamic {
            parts.push(format!("dynamic={}", self.dynamic.as_str()));
        }
        if self.dynamic_params != defaults.dynamic_params {
            parts.push(format!("dynamic_params={}", self.dynamic_params));
        }
        if let Revalidate::Seconds(seconds) = self.revalidate {
            parts.push(format!("revalidate={seconds}"));
        }
        if self.fetch_cache != defaults.fetch_cache {
            parts.push(format!("fetch_cache={}", self.fetch_cache.as_str()));
        }
        if self.preferred_region != defaults.preferred_region {
            parts.push(format!("preferred_region={}", self.preferred_region));
        }
        if let Some(seconds) = self.max_duration {
            parts.push(format!("max_duration={seconds}"));
        }
        f.write_str(&parts.join(" "))
    }
}
