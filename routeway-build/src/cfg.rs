//! `#[cfg]` on route file items, read into one predicate so the generated table refers to an item
//! only where it exists.

use proc_macro2::{TokenStream, TokenTree};
use syn::{Attribute, Meta};

/// Where an item of a route file exists: everywhere, or where a `cfg` predicate holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Cfg(Option<String>);

impl Cfg {
    /// From an item's attributes: each `#[cfg(..)]`, and each `cfg(..)` inside a `#[cfg_attr(..)]`.
    pub fn of(attrs: &[Attribute]) -> Self {
        Self::all(attrs.iter().filter_map(|attr| match &attr.meta {
            Meta::List(list) if list.path.is_ident("cfg") => Some(list.tokens.to_string()),
            Meta::List(list) if list.path.is_ident("cfg_attr") => cfg_attr_predicate(list.tokens.clone()),
            _ => None,
        }))
    }

    /// Whether the item exists everywhere.
    pub fn is_always(&self) -> bool {
        self.0.is_none()
    }

    /// Holds where both hold.
    pub fn and(&self, other: &Self) -> Self {
        Self::all(self.0.iter().chain(&other.0).cloned())
    }

    /// Holds where any of `cfgs` holds (never, for none).
    pub fn any<'a>(cfgs: impl IntoIterator<Item = &'a Self>) -> Self {
        let mut predicates: Vec<&str> = Vec::new();
        for cfg in cfgs {
            match &cfg.0 {
                None => return Self(None),
                Some(predicate) if !predicates.contains(&predicate.as_str()) => predicates.push(predicate),
                Some(_) => {}
            }
        }
        match predicates.as_slice() {
            [one] => Self(Some((*one).to_owned())),
            many => Self(Some(format!("any({})", many.join(", ")))),
        }
    }

    /// `#[cfg(..)]` and a line break after `indent`, or nothing for an item that always exists.
    pub fn attribute(&self, indent: &str) -> String {
        match &self.0 {
            Some(predicate) => format!("{indent}#[cfg({predicate})]\n"),
            None => String::new(),
        }
    }

    fn all(predicates: impl Iterator<Item = String>) -> Self {
        let predicates: Vec<String> = predicates.collect();
        match predicates.as_slice() {
            [] => Self(None),
            [one] => Self(Some(one.clone())),
            many => Self(Some(format!("all({})", many.join(", ")))),
        }
    }
}

/// `cfg_attr(p, cfg(q), ..)` keeps the item where `p` is false or `q` holds; `None` when it holds no
/// `cfg`.
fn cfg_attr_predicate(tokens: TokenStream) -> Option<String> {
    let mut parts = split_commas(tokens).into_iter();
    let condition = parts.next()?;
    let inner = Cfg::all(parts.filter_map(|part| match part.as_slice() {
        [TokenTree::Ident(name), TokenTree::Group(args)] if name == "cfg" => Some(args.stream().to_string()),
        [TokenTree::Ident(name), TokenTree::Group(args)] if name == "cfg_attr" => cfg_attr_predicate(args.stream()),
        _ => None,
    }));
    let condition: TokenStream = condition.into_iter().collect();
    inner.0.map(|inner| format!("any(not({condition}), {inner})"))
}

fn split_commas(tokens: TokenStream) -> Vec<Vec<TokenTree>> {
    let mut parts = vec![Vec::new()];
    for token in tokens {
        match &token {
            TokenTree::Punct(punct) if punct.as_char() == ',' => parts.push(Vec::new()),
            _ => parts.last_mut().expect("starts with one part").push(token),
        }
    }
    parts.retain(|part| !part.is_empty());
    parts
}

#[cfg(test)]
mod tests {
    use super::Cfg;

    fn cfg_of(item: &str) -> Cfg {
        let item: syn::ItemFn = syn::parse_str(item).expect("an fn item");
        Cfg::of(&item.attrs)
    }

    #[test]
    fn cfg_and_cfg_attr_become_one_predicate() {
        assert!(cfg_of("#[inline] #[cfg_attr(test, allow(unused))] fn f() {}").is_always());
        let cfg = cfg_of("#[cfg(unix)] #[cfg(not(target_arch = \"wasm32\"))] fn f() {}");
        assert_eq!(cfg.attribute(""), "#[cfg(all(unix, not (target_arch = \"wasm32\")))]\n");
        let cfg = cfg_of("#[cfg_attr(feature = \"x\", cfg(unix), inline)] fn f() {}");
        assert_eq!(cfg.attribute(""), "#[cfg(any(not(feature = \"x\"), unix))]\n");
    }

    #[test]
    fn any_is_unconditional_once_one_variant_is() {
        let unix = cfg_of("#[cfg(unix)] fn f() {}");
        let windows = cfg_of("#[cfg(windows)] fn f() {}");
        assert_eq!(
            Cfg::any([&unix, &windows, &unix]).attribute(""),
            "#[cfg(any(unix, windows))]\n"
        );
        assert!(Cfg::any([&unix, &Cfg::default()]).is_always());
        assert_eq!(unix.and(&Cfg::default()), unix);
    }
}
