//! A handler `fn` in a route file: its name, visibility, `async`, and arguments the generated table can
//! call it with.

use routeway::router::RouteMethod;
use syn::ext::IdentExt;
use syn::spanned::Spanned;
use syn::{FnArg, GenericArgument, GenericParam, PathArguments, ReturnType, Type, Visibility};

/// The method `function` handles, if it is a handler; problems are pushed to `errors`, naming `file`
/// and the line.
pub fn check_fn(function: &syn::ItemFn, file: &str, errors: &mut Vec<String>) -> Option<RouteMethod> {
    let name = function.sig.ident.unraw().to_string();
    let line = function.sig.ident.span().start().line;
    let is_pub = matches!(function.vis, Visibility::Public(_));
    let Some(method) = RouteMethod::parse(&name) else {
        if is_pub && RouteMethod::parse(&name.to_ascii_uppercase()).is_some() {
            errors.push(format!(
                "{file}:{line}: `{name}` is not a handler name; export the method in upper case: `{}`",
                name.to_ascii_uppercase()
            ));
        }
        return None;
    };
    if !is_pub {
        errors.push(format!(
            "{file}:{line}: `fn {name}` must be `pub` to handle {name} requests"
        ));
    } else if function.sig.asyncness.is_none() {
        errors.push(format!("{file}:{line}: `pub fn {name}` must be `pub async fn {name}`"));
    } else {
        let before = errors.len();
        check_concrete(&function.sig, file, &name, errors);
        check_arguments(function, file, &name, errors);
        return (errors.len() == before).then_some(method);
    }
    None
}

/// The generated table names a handler without type arguments, so its argument types must be known:
/// a type parameter or an `impl Trait` argument leaves them open (E0282 in the generated code).
fn check_concrete(sig: &syn::Signature, file: &str, name: &str, errors: &mut Vec<String>) {
    let parameters = sig
        .generics
        .params
        .iter()
        .any(|param| !matches!(param, GenericParam::Lifetime(_)));
    if parameters {
        let line = sig.generics.span().start().line;
        let generics = sig.generics.span().source_text().unwrap_or_default();
        errors.push(format!(
            "{file}:{line}: `{name}` is generic (`{name}{generics}`), but a handler is registered without type \
             arguments; name the concrete types in its arguments, e.g. `ctx: Context<Slug>` with \
             `#[derive(Deserialize)] struct Slug {{ slug: String }}`"
        ));
    }
    for input in &sig.inputs {
        if let FnArg::Typed(typed) = input {
            if let Some(line) = impl_trait_line(&typed.ty) {
                let argument = typed.span().source_text().unwrap_or_default();
                errors.push(format!(
                    "{file}:{line}: `{name}` takes `impl Trait` in the argument `{argument}`, so its type is not known \
                     where the handler is registered; write the concrete type instead"
                ));
            }
        }
    }
}

/// The line of the first `impl Trait` inside `ty`, if any.
fn impl_trait_line(ty: &Type) -> Option<usize> {
    match ty {
        Type::ImplTrait(found) => Some(found.impl_token.span.start().line),
        Type::Reference(reference) => impl_trait_line(&reference.elem),
        Type::Paren(paren) => impl_trait_line(&paren.elem),
        Type::Group(group) => impl_trait_line(&group.elem),
        Type::Slice(slice) => impl_trait_line(&slice.elem),
        Type::Array(array) => impl_trait_line(&array.elem),
        Type::Ptr(pointer) => impl_trait_line(&pointer.elem),
        Type::Tuple(tuple) => tuple.elems.iter().find_map(impl_trait_line),
        Type::Path(path) => path.path.segments.iter().find_map(|segment| match &segment.arguments {
            PathArguments::AngleBracketed(arguments) => arguments.args.iter().find_map(|argument| match argument {
                GenericArgument::Type(ty) => impl_trait_line(ty),
                _ => None,
            }),
            PathArguments::Parenthesized(arguments) => {
                arguments
                    .inputs
                    .iter()
                    .find_map(impl_trait_line)
                    .or(match &arguments.output {
                        ReturnType::Type(_, ty) => impl_trait_line(ty),
                        ReturnType::Default => None,
                    })
            }
            PathArguments::None => None,
        }),
        _ => None,
    }
}

/// Handler arguments that read the request body (the type names as written).
const BODY_ARGUMENTS: [&str; 5] = ["Json", "Form", "FormData", "Bytes", "String"];

/// Two arguments that read the body, or two `Request`s, can never work. The `Handler` impl refuses
/// them as well, but only once the crate is built; this runs under `cargo check` too and names the
/// line. Types are read by name, so an alias gets through here and is caught by the impl.
fn check_arguments(function: &syn::ItemFn, file: &str, name: &str, errors: &mut Vec<String>) {
    let arguments: Vec<(String, usize)> = function
        .sig
        .inputs
        .iter()
        .filter_map(|input| match input {
            FnArg::Typed(typed) => match &*typed.ty {
                Type::Path(path) => path
                    .path
                    .segments
                    .last()
                    .map(|segment| (segment.ident.to_string(), segment.ident.span().start().line)),
                _ => None,
            },
            FnArg::Receiver(_) => None,
        })
        .collect();
    let mut bodies = arguments.iter().filter(|(ty, _)| BODY_ARGUMENTS.contains(&ty.as_str()));
    if let (Some((first, _)), Some((second, line))) = (bodies.next(), bodies.next()) {
        errors.push(format!(
            "{file}:{line}: `{name}` reads the request body in two arguments (`{first}` and `{second}`), but a \
             body can be read once; keep one of them"
        ));
    }
    if let Some((_, line)) = arguments.iter().filter(|(ty, _)| ty == "Request").nth(1) {
        errors.push(format!(
            "{file}:{line}: `{name}` takes `Request` twice; one `Request` argument has everything"
        ));
    }
}
