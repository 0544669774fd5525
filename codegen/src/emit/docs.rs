//! Spec prose -> rustdoc attributes that render cleanly and never trip rustdoc lints.

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc = "..."]` lines for a doc text (Markdown from the spec).
pub fn doc_attrs(text: &str) -> TokenStream {
    let lines = sanitize(text);
    quote! { #( #[doc = #lines] )* }
}

/// Like [`doc_attrs`], followed by a paragraph of extra lines (already valid Markdown).
pub fn doc_attrs_with(text: &str, extra: &[String]) -> TokenStream {
    let mut lines = sanitize(text);
    if !extra.is_empty() {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(extra.iter().map(|l| format!(" {l}")));
    }
    quote! { #( #[doc = #lines] )* }
}

/// Each returned line starts with a space, as `///` comments do.
pub fn sanitize(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_fence = false;
    for raw in text.trim().lines() {
        let trimmed = raw.trim_end();
        let stripped = trimmed.trim_start();
        if stripped.starts_with("```") {
            // Fenced blocks in API docs are never Rust: mark them as text so rustdoc does not compile them.
            if in_fence {
                out.push(" ```".to_owned());
            } else {
                out.push(" ```text".to_owned());
            }
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            out.push(format!(" {trimmed}"));
            continue;
        }
        // Indentation would make an indented code block (a doctest): keep list nesting shallow instead.
        let indent = if stripped.starts_with("- ") && trimmed.len() > stripped.len() {
            "  "
        } else {
            ""
        };
        out.push(format!(" {indent}{}", escape_markdown(stripped)));
    }
    if in_fence {
        out.push(" ```".to_owned());
    }
    out
}

/// Escapes what rustdoc would misread outside code spans: `[..]` (intra-doc links), `<..>` (HTML),
/// and bare URLs (wrapped in `<>` so they become links).
fn escape_markdown(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut in_code = false;
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        if c == '`' {
            in_code = !in_code;
            out.push(c);
            rest = &rest[1..];
            continue;
        }
        if !in_code {
            if rest.starts_with("http://") || rest.starts_with("https://") {
                let end = rest
                    .find(|c: char| {
                        c.is_whitespace() || matches!(c, ')' | '<' | '>' | '"' | '`' | ',' | ';')
                    })
                    .unwrap_or(rest.len());
                let url = rest[..end].trim_end_matches(['.', ':']);
                out.push('<');
                out.push_str(url);
                out.push('>');
                rest = &rest[url.len()..];
                continue;
            }
            match c {
                '[' | ']' | '<' | '>' | '\\' => {
                    out.push('\\');
                    out.push(c);
                    rest = &rest[1..];
                    continue;
                }
                _ => {}
            }
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    if in_code {
        // An unbalanced backtick would swallow the rest of the paragraph.
        out.push('`');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_links_html_and_urls() {
        let lines = sanitize("Range [1, 100]; see https://x.y/z. Code `a[0]` <b>\n    indented");
        assert_eq!(
            lines[0],
            r" Range \[1, 100\]; see <https://x.y/z>. Code `a[0]` \<b\>"
        );
        assert_eq!(lines[1], " indented");
    }

    #[test]
    fn fences_become_text() {
        let lines = sanitize("```\nFilters.0.Name=zone\n```");
        assert_eq!(lines, vec![" ```text", " Filters.0.Name=zone", " ```"]);
    }
}
