//! Cutting one large emitted file into pieces that are formatted on their own (on any thread)
//! and whose formatted texts, put end to end, are exactly the formatted file.
//!
//! prettyplease lays out every item, impl item and element of a broken list on lines of its
//! own, from the column where it starts, whatever comes before or after it. So a file splits
//! cleanly:
//! - between top-level items: each run of items is formatted as a file of its own;
//! - inside the one item that holds most of a file (`impl Client { ... }` with a method per
//!   action, `static MOCK: .. = .. { actions: &[ .. ] }`): each run of its impl items or array
//!   elements is formatted inside a copy of that item, between two marker lines (`fn
//!   __codegen_split_begin() {}` or `__codegen_split_begin,`); the lines before the first
//!   marker and after the second (the item's head and tail, the same in every copy) are kept
//!   once, the lines between the markers are the run's text.
//!
//! Token streams cannot move between threads, so a file to split is first taken apart into
//! [`Flat`] tokens (plain data), which every piece is rebuilt from.
//!
//! Anything unexpected (a run that does not parse, a marker not alone on its line, heads that
//! differ) makes [`assemble`] fail, and the caller formats the file whole instead: splitting
//! may cost time, never different output.

use proc_macro2::{Delimiter, Group, Ident, Literal, Punct, Spacing, Span, TokenStream, TokenTree};

const BEGIN: &str = "__codegen_split_begin";
const END: &str = "__codegen_split_end";

/// A token stream as plain data: groups are an `Open` and its `Close`.
pub struct Flat {
    toks: Vec<Tok>,
}

enum Tok {
    Open {
        delimiter: Delimiter,
        /// Index of the matching `Close`.
        close: usize,
    },
    Close,
    /// The identifier as written (`r#type` for a raw one).
    Ident(Box<str>),
    Punct(char, Spacing),
    /// The literal as written.
    Literal(Box<str>),
}

impl Flat {
    /// Takes `stream` apart (its tokens are dropped as they are copied).
    pub fn new(stream: TokenStream) -> Self {
        let mut flat = Flat { toks: Vec::new() };
        flat.push_stream(stream);
        flat
    }

    fn push_stream(&mut self, stream: TokenStream) {
        for tree in stream {
            match tree {
                TokenTree::Group(group) => {
                    let delimiter = group.delimiter();
                    let inner = group.stream();
                    // The group shares its stream until it is dropped: then iterating the
                    // stream moves its tokens instead of copying them.
                    drop(group);
                    let open = self.toks.len();
                    self.toks.push(Tok::Open {
                        delimiter,
                        close: open,
                    });
                    self.push_stream(inner);
                    let close = self.toks.len();
                    self.toks.push(Tok::Close);
                    if let Tok::Open { close: c, .. } = &mut self.toks[open] {
                        *c = close;
                    }
                }
                TokenTree::Ident(ident) => self.toks.push(Tok::Ident(ident.to_string().into())),
                TokenTree::Punct(punct) => {
                    self.toks.push(Tok::Punct(punct.as_char(), punct.spacing()));
                }
                TokenTree::Literal(literal) => {
                    self.toks.push(Tok::Literal(literal.to_string().into()));
                }
            }
        }
    }

    /// The tokens of `parts`, in order; `None` if a token does not rebuild (it always should).
    pub fn tokens(&self, parts: &[Part]) -> Option<TokenStream> {
        let mut stack: Vec<(Delimiter, Vec<TokenTree>)> = vec![(Delimiter::None, Vec::new())];
        let push = |stack: &mut Vec<(Delimiter, Vec<TokenTree>)>, tree: TokenTree| {
            stack
                .last_mut()
                .expect("the root is never closed")
                .1
                .push(tree);
        };
        for part in parts {
            match *part {
                Part::Range(start, end) => {
                    for tok in &self.toks[start..end] {
                        match tok {
                            Tok::Open { delimiter, .. } => stack.push((*delimiter, Vec::new())),
                            Tok::Close => {
                                let (delimiter, trees) = stack.pop()?;
                                if stack.is_empty() {
                                    return None;
                                }
                                let group = Group::new(delimiter, trees.into_iter().collect());
                                push(&mut stack, TokenTree::Group(group));
                            }
                            Tok::Ident(name) => push(&mut stack, TokenTree::Ident(ident(name))),
                            Tok::Punct(c, spacing) => {
                                push(&mut stack, TokenTree::Punct(Punct::new(*c, *spacing)));
                            }
                            Tok::Literal(repr) => {
                                let literal: Literal = repr.parse().ok()?;
                                push(&mut stack, TokenTree::Literal(literal));
                            }
                        }
                    }
                }
                Part::Marker(kind, name) => {
                    for tree in marker(kind, name) {
                        push(&mut stack, tree);
                    }
                }
                Part::Comma => push(
                    &mut stack,
                    TokenTree::Punct(Punct::new(',', Spacing::Alone)),
                ),
            }
        }
        let (_, trees) = stack.pop()?;
        stack.is_empty().then(|| trees.into_iter().collect())
    }

    /// The whole stream back.
    pub fn all(&self) -> Option<TokenStream> {
        self.tokens(&[Part::Range(0, self.toks.len())])
    }

    /// The index after the tree starting at `i`.
    fn next(&self, i: usize) -> usize {
        match self.toks[i] {
            Tok::Open { close, .. } => close + 1,
            _ => i + 1,
        }
    }

    /// The start of every tree in `start..end` (trees at one level).
    fn trees(&self, start: usize, end: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut i = start;
        while i < end {
            out.push(i);
            i = self.next(i);
        }
        out
    }

    fn is_ident(&self, i: usize, name: &str) -> bool {
        matches!(&self.toks[i], Tok::Ident(n) if &**n == name)
    }

    fn is_punct(&self, i: usize, c: char) -> bool {
        matches!(self.toks[i], Tok::Punct(p, _) if p == c)
    }

    fn is_group(&self, i: usize, delimiter: Delimiter) -> bool {
        matches!(self.toks[i], Tok::Open { delimiter: d, .. } if d == delimiter)
    }

    fn is_leaf(&self, i: usize) -> bool {
        !matches!(self.toks[i], Tok::Open { .. } | Tok::Close)
    }
}

fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// A stretch of a piece's tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// Tokens `start..end` of the file.
    Range(usize, usize),
    /// A marker (`BEGIN` or `END`) shaped for the list it stands in.
    Marker(ListKind, &'static str),
    /// A `,` after a list's last element, which may have none.
    Comma,
}

/// One piece of a split file.
pub struct Piece {
    pub parts: Vec<Part>,
    /// `Some`: a run of elements nested in an item, between markers; `None`: top-level items
    /// (or the file's inner attributes), used as they are.
    pub nested: Option<Nested>,
}

/// Where a piece's run sits among the runs of one nested list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Nested {
    /// Which nested list of the file (files have one or a few).
    pub list: usize,
    pub first: bool,
    pub last: bool,
}

/// The formatted text of one piece.
pub enum Formatted {
    Text(String),
    /// A nested run: the lines of its item before the begin marker, between the markers, and
    /// after the end marker.
    Nested {
        list: usize,
        head: String,
        body: String,
        tail: String,
    },
}

/// Cuts `flat` into pieces of about `piece_tokens` tokens; `None` when it has fewer than twice
/// that many or a shape this does not know.
pub fn split(flat: &Flat, piece_tokens: usize) -> Option<Vec<Piece>> {
    let len = flat.toks.len();
    if len < piece_tokens.saturating_mul(2) {
        return None;
    }
    let trees = flat.trees(0, len);
    let attrs = inner_attributes(flat, &trees);
    let items = item_ends(flat, &trees[attrs..])?;
    let at = |k: usize| trees.get(attrs + k).copied().unwrap_or(len);
    let mut pieces = Vec::new();
    if attrs > 0 {
        pieces.push(Piece {
            parts: vec![Part::Range(0, at(0))],
            nested: None,
        });
    }
    let mut run_start = at(0);
    let mut lists = 0;
    let mut start = 0;
    for end in items {
        let (item_start, item_end) = (at(start), at(end));
        start = end;
        if item_end - item_start >= piece_tokens.saturating_mul(2) {
            if let Some(nested) = split_item(flat, item_start, item_end, piece_tokens, lists) {
                if run_start < item_start {
                    pieces.push(Piece {
                        parts: vec![Part::Range(run_start, item_start)],
                        nested: None,
                    });
                }
                pieces.extend(nested);
                lists += 1;
                run_start = item_end;
                continue;
            }
        }
        if item_end - run_start >= piece_tokens {
            pieces.push(Piece {
                parts: vec![Part::Range(run_start, item_end)],
                nested: None,
            });
            run_start = item_end;
        }
    }
    if run_start < len {
        pieces.push(Piece {
            parts: vec![Part::Range(run_start, len)],
            nested: None,
        });
    }
    (pieces.len() >= 2).then_some(pieces)
}

/// How many of `trees` lead with inner attributes (`#![...]`, three trees each).
fn inner_attributes(flat: &Flat, trees: &[usize]) -> usize {
    let mut k = 0;
    while k + 2 < trees.len()
        && flat.is_punct(trees[k], '#')
        && flat.is_punct(trees[k + 1], '!')
        && flat.is_group(trees[k + 2], Delimiter::Bracket)
    {
        k += 3;
    }
    k
}

/// What an item is, as far as where it ends is concerned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ItemKind {
    /// `impl`, `trait`, `mod`: a body of items.
    Container,
    /// `const`, `static`, `type`, `use`, `extern crate`: up to its `;`.
    Semicolon,
    /// `fn`, `struct`, `enum`, `union`, `extern` blocks: up to its body or its `;`.
    Body,
    /// `path! { .. }` or `path!( .. );`.
    Macro,
}

/// The end (exclusive, in trees) of every item of `trees`, or `None` when some item has a shape
/// this does not know.
fn item_ends(flat: &Flat, trees: &[usize]) -> Option<Vec<usize>> {
    let mut ends = Vec::new();
    let mut start = 0;
    while start < trees.len() {
        let (_, end) = item_at(flat, trees, start)?;
        ends.push(end);
        start = end;
    }
    Some(ends)
}

/// The kind and end (exclusive, in trees) of the item starting at tree `start`.
fn item_at(flat: &Flat, trees: &[usize], start: usize) -> Option<(ItemKind, usize)> {
    let ident = |k: usize, name: &str| trees.get(k).is_some_and(|&i| flat.is_ident(i, name));
    let punct = |k: usize, c: char| trees.get(k).is_some_and(|&i| flat.is_punct(i, c));
    let group = |k: usize, d: Delimiter| trees.get(k).is_some_and(|&i| flat.is_group(i, d));
    let mut k = start;
    // Outer attributes.
    while punct(k, '#') && group(k + 1, Delimiter::Bracket) {
        k += 2;
    }
    // Visibility.
    if ident(k, "pub") {
        k += 1;
        if group(k, Delimiter::Parenthesis) {
            k += 1;
        }
    }
    let kind = loop {
        let i = *trees.get(k)?;
        let Tok::Ident(name) = &flat.toks[i] else {
            // `::path!(..)`.
            if flat.is_punct(i, ':') {
                break ItemKind::Macro;
            }
            return None;
        };
        match &**name {
            "unsafe" | "async" | "default" => k += 1,
            "extern" if ident(k + 1, "crate") => break ItemKind::Semicolon,
            "extern" => break ItemKind::Body,
            "const"
                if ident(k + 1, "fn")
                    || ident(k + 1, "unsafe")
                    || ident(k + 1, "async")
                    || ident(k + 1, "extern") =>
            {
                k += 1;
            }
            "const" | "static" | "type" | "use" => break ItemKind::Semicolon,
            "impl" | "trait" | "mod" => break ItemKind::Container,
            "fn" | "struct" | "enum" | "union" => break ItemKind::Body,
            // `crate::m!()`, `self::m!()`, `super::m!()` and plain `m!()` are macro calls.
            "crate" | "self" | "super" | "macro_rules" => break ItemKind::Macro,
            other if !KEYWORDS.contains(&other) => break ItemKind::Macro,
            _ => return None,
        }
    };
    let mut angle = 0usize;
    let mut j = k;
    while j < trees.len() {
        let i = trees[j];
        match kind {
            ItemKind::Semicolon => {
                if flat.is_punct(i, ';') {
                    return Some((kind, j + 1));
                }
            }
            ItemKind::Macro => {
                if flat.is_punct(i, '!') {
                    // `macro_rules! name { .. }` names the macro between `!` and its body.
                    let body = if flat.is_leaf(*trees.get(j + 1)?) {
                        j + 2
                    } else {
                        j + 1
                    };
                    if group(body, Delimiter::Brace) {
                        return Some((kind, body + 1));
                    }
                    if !group(body, Delimiter::Parenthesis) && !group(body, Delimiter::Bracket) {
                        return None;
                    }
                    return punct(body + 1, ';').then_some((kind, body + 2));
                }
            }
            ItemKind::Container | ItemKind::Body => {
                if let Tok::Punct(c, _) = flat.toks[i] {
                    let after_arrow = j > 0
                        && matches!(
                            flat.toks[trees[j - 1]],
                            Tok::Punct('-' | '=', Spacing::Joint)
                        );
                    match c {
                        '<' => angle += 1,
                        '>' if !after_arrow => angle = angle.checked_sub(1)?,
                        ';' if angle == 0 => return Some((kind, j + 1)),
                        _ => {}
                    }
                } else if angle == 0 && flat.is_group(i, Delimiter::Brace) {
                    return Some((kind, j + 1));
                }
            }
        }
        j += 1;
    }
    None
}

/// Keywords that never start an item (nor a macro path).
const KEYWORDS: &[&str] = &[
    "as", "break", "continue", "else", "false", "for", "if", "in", "let", "loop", "match", "move",
    "mut", "ref", "return", "Self", "true", "where", "while", "dyn", "await", "try", "yield",
    "box", "macro",
];

/// The list inside an item that holds most of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListKind {
    /// The body of an `impl`, `trait` or `mod`.
    Items,
    /// The elements of an array expression.
    Elements,
}

/// The pieces of one large item (tokens `start..end`): runs of its dominant nested list, each
/// inside a copy of the item between markers; `None` when it has no such list.
fn split_item(
    flat: &Flat,
    start: usize,
    end: usize,
    piece_tokens: usize,
    list: usize,
) -> Option<Vec<Piece>> {
    let (open, kind, entries) = find_list(flat, start, end)?;
    let Tok::Open { close, .. } = flat.toks[open] else {
        unreachable!("lists are groups")
    };
    let runs = runs(&entries, close, piece_tokens);
    if runs.len() < 2 {
        return None;
    }
    let context_end = entries[0];
    let count = runs.len();
    let mut pieces = Vec::with_capacity(count);
    let mut run_start = context_end;
    for (r, run_end) in runs.into_iter().enumerate() {
        let mut parts = vec![
            Part::Range(start, context_end),
            Part::Marker(kind, BEGIN),
            Part::Range(run_start, run_end),
        ];
        if kind == ListKind::Elements && !flat.is_punct(run_end - 1, ',') {
            parts.push(Part::Comma);
        }
        parts.push(Part::Marker(kind, END));
        parts.push(Part::Range(close, end));
        pieces.push(Piece {
            parts,
            nested: Some(Nested {
                list,
                first: r == 0,
                last: r + 1 == count,
            }),
        });
        run_start = run_end;
    }
    Some(pieces)
}

fn marker(kind: ListKind, name: &str) -> Vec<TokenTree> {
    let ident = |s: &str| TokenTree::Ident(Ident::new(s, Span::call_site()));
    let group = |delimiter| TokenTree::Group(Group::new(delimiter, TokenStream::new()));
    match kind {
        ListKind::Items => vec![
            ident("fn"),
            ident(name),
            group(Delimiter::Parenthesis),
            group(Delimiter::Brace),
        ],
        ListKind::Elements => vec![
            ident(name),
            TokenTree::Punct(Punct::new(',', Spacing::Alone)),
        ],
    }
}

/// The group inside the item `start..end` whose list holds most of it: its `Open` index, the
/// list's kind and the start of each entry (after the context kept in every copy: the inner
/// attributes of a body).
fn find_list(flat: &Flat, start: usize, end: usize) -> Option<(usize, ListKind, Vec<usize>)> {
    let total = end - start;
    let item = flat.trees(start, end);
    // Macro input is laid out by other rules.
    let (item_kind, _) = item_at(flat, &item, 0)?;
    if item_kind == ItemKind::Macro {
        return None;
    }
    let mut level = item;
    let mut top = true;
    loop {
        let (k, &open) = level
            .iter()
            .enumerate()
            .filter(|(_, &i)| matches!(flat.toks[i], Tok::Open { .. }))
            .max_by_key(|(_, &i)| flat.next(i) - i)?;
        let Tok::Open { delimiter, close } = flat.toks[open] else {
            unreachable!()
        };
        if (close + 1 - open) * 2 < total {
            return None;
        }
        if k > 0 && flat.is_punct(level[k - 1], '!') {
            // A macro's input (or an inner attribute).
            return None;
        }
        let kind = if top
            && item_kind == ItemKind::Container
            && delimiter == Delimiter::Brace
            && k + 1 == level.len()
        {
            Some(ListKind::Items)
        } else if delimiter == Delimiter::Bracket && !(k > 0 && flat.is_punct(level[k - 1], '#')) {
            Some(ListKind::Elements)
        } else {
            None
        };
        let children = flat.trees(open + 1, close);
        if let Some(kind) = kind {
            let context = match kind {
                ListKind::Items => inner_attributes(flat, &children),
                ListKind::Elements => 0,
            };
            let entries = &children[context..];
            let ends = match kind {
                ListKind::Items => item_ends(flat, entries),
                ListKind::Elements => Some(element_ends(flat, entries)),
            };
            if let Some(ends) = ends.filter(|ends| ends.len() >= 2) {
                let starts: Vec<usize> = std::iter::once(0)
                    .chain(ends[..ends.len() - 1].iter().copied())
                    .map(|e| entries[e])
                    .collect();
                let largest = starts
                    .iter()
                    .zip(starts.iter().skip(1).chain(std::iter::once(&close)))
                    .map(|(a, b)| b - a)
                    .max()
                    .unwrap_or(0);
                if largest * 2 < total {
                    return Some((open, kind, starts));
                }
            }
        }
        level = children;
        top = false;
    }
}

/// The end (exclusive, in trees) of each comma-separated element, its comma included.
fn element_ends(flat: &Flat, trees: &[usize]) -> Vec<usize> {
    let mut ends: Vec<usize> = trees
        .iter()
        .enumerate()
        .filter(|(_, &i)| flat.is_punct(i, ','))
        .map(|(k, _)| k + 1)
        .collect();
    if ends.last() != Some(&trees.len()) && !trees.is_empty() {
        ends.push(trees.len());
    }
    ends
}

/// Groups consecutive entries (starting at `starts`, the last ending at `end`) into runs of at
/// least `piece_tokens` tokens, a small last run joining the one before; the end of each run.
fn runs(starts: &[usize], end: usize, piece_tokens: usize) -> Vec<usize> {
    let mut out = Vec::new();
    let mut run_start = starts[0];
    for &next in starts.iter().skip(1).chain(std::iter::once(&end)) {
        if next - run_start >= piece_tokens {
            out.push(next);
            run_start = next;
        }
    }
    if run_start < end {
        match out.last_mut() {
            Some(last) if end - run_start < piece_tokens / 2 => *last = end,
            _ => out.push(end),
        }
    }
    out
}

/// Cuts the formatted text of a nested piece at its marker lines.
pub fn cut(text: &str, list: usize) -> Option<Formatted> {
    let (head, rest) = cut_at(text, BEGIN)?;
    let (body, tail) = cut_at(rest, END)?;
    Some(Formatted::Nested {
        list,
        head: head.to_owned(),
        body: body.to_owned(),
        tail: tail.to_owned(),
    })
}

/// The text before the one line holding `marker`, and the text after it.
fn cut_at<'t>(text: &'t str, marker: &str) -> Option<(&'t str, &'t str)> {
    let at = text.find(marker)?;
    if text[at + marker.len()..].contains(marker) {
        return None;
    }
    let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i + 1);
    let line = text[line_start..line_end].trim();
    let line = line.strip_suffix(',').unwrap_or(line);
    let line = line.strip_prefix("fn ").unwrap_or(line);
    let line = line.strip_suffix("() {}").unwrap_or(line);
    (line == marker).then(|| (&text[..line_start], &text[line_end..]))
}

/// The file's text from its pieces' texts, in order; `None` when they do not fit together (the
/// file must then be formatted whole).
pub fn assemble(parts: Vec<(Option<Nested>, Formatted)>) -> Option<String> {
    let size = parts
        .iter()
        .map(|(_, f)| match f {
            Formatted::Text(t) => t.len(),
            Formatted::Nested { head, body, .. } => head.len() + body.len(),
        })
        .sum::<usize>();
    let mut out = String::with_capacity(size);
    let mut open: Option<(usize, String, String)> = None;
    for (nested, formatted) in parts {
        match (nested, formatted) {
            (None, Formatted::Text(text)) => {
                if open.is_some() {
                    return None;
                }
                out.push_str(&text);
            }
            (
                Some(n),
                Formatted::Nested {
                    list,
                    head,
                    body,
                    tail,
                },
            ) if n.list == list => {
                if n.first {
                    if open.is_some() {
                        return None;
                    }
                    out.push_str(&head);
                    open = Some((list, head, tail));
                } else {
                    let (open_list, open_head, open_tail) = open.as_ref()?;
                    if *open_list != list || *open_head != head || *open_tail != tail {
                        return None;
                    }
                }
                out.push_str(&body);
                if n.last {
                    let (_, _, tail) = open.take()?;
                    out.push_str(&tail);
                }
            }
            _ => return None,
        }
    }
    open.is_none().then_some(out)
}
