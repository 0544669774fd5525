//! Emitting and formatting files on every core, each handed to a sink as soon as it is done.
//!
//! Workers take the next file and emit, format and hand it on. A file that grows with its
//! service (the client, the mock, the module, types, enums, doc-example tests) is taken apart
//! instead ([`crate::split`]) and its pieces queued; workers take queued pieces before new files,
//! and whoever formats the last piece of a file puts the file together and hands it on. So no
//! file is formatted by one thread alone, both cores stay busy to the end (the many small action
//! files come last), and a file's text lives only until the sink has it. Large files are taken
//! apart one at a time: their tokens take many times the memory of their text.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};

use anyhow::{Context as _, Result};
use proc_macro2::TokenStream;

use crate::emit::FileJob;
use crate::split::{self, Flat, Formatted, Nested, Part};
use crate::GENERATED_MARKER;

/// Receives each generated file (its path relative to the crate root, and its text), on any
/// thread and in any order.
pub type Sink<'s> = dyn Fn(&str, String) -> Result<()> + Sync + 's;

/// How the work is divided.
#[derive(Debug, Clone, Copy)]
pub struct Tuning {
    /// Threads emitting and formatting (the calling thread is one of them).
    pub workers: usize,
    /// Tokens per piece of a split file; files under twice this are formatted whole.
    pub piece_tokens: usize,
}

impl Default for Tuning {
    fn default() -> Self {
        Self {
            workers: std::thread::available_parallelism().map_or(1, |n| n.get()),
            piece_tokens: 16_000,
        }
    }
}

/// Emits, formats and hands `jobs` to `sink`, on `tuning.workers` threads.
pub fn run(jobs: &[FileJob<'_>], sink: &Sink<'_>, tuning: Tuning) -> Result<()> {
    // Files that grow with the service, the likely largest first, are cut one at a time (a large
    // file's tokens take far more memory than its text) while the other workers format its
    // pieces or small files; the many small files keep every worker busy at the end.
    let mut large: Vec<usize> = (0..jobs.len()).filter(|&i| jobs[i].grows()).collect();
    large.sort_by_key(|&i| std::cmp::Reverse(jobs[i].weight()));
    let small: Vec<usize> = (0..jobs.len()).filter(|&i| !jobs[i].grows()).collect();
    let pool = Pool {
        jobs,
        large,
        small,
        sink,
        tuning,
        state: Mutex::new(State::default()),
        wake: Condvar::new(),
    };
    let workers = tuning.workers.clamp(1, jobs.len().max(1));
    std::thread::scope(|scope| {
        for _ in 1..workers {
            scope.spawn(|| pool.work());
        }
        pool.work();
    });
    let error = pool.lock().error.take();
    match error {
        Some(err) => Err(err),
        None => Ok(()),
    }
}

struct Pool<'a, 'j, 's> {
    jobs: &'a [FileJob<'j>],
    /// Files that grow with their service, in the order to take them.
    large: Vec<usize>,
    /// The other files, in path order.
    small: Vec<usize>,
    sink: &'a Sink<'s>,
    tuning: Tuning,
    state: Mutex<State>,
    wake: Condvar,
}

#[derive(Default)]
struct State {
    /// Next index into `large` and into `small`.
    next_large: usize,
    next_small: usize,
    /// Pieces waiting for a worker.
    pieces: VecDeque<PieceTask>,
    /// Split files whose pieces are not all formatted, by job.
    assemblies: HashMap<usize, Assembly>,
    /// Workers emitting and cutting a file: they may queue pieces yet.
    cutting: usize,
    error: Option<anyhow::Error>,
}

struct PieceTask {
    job: usize,
    index: usize,
    flat: Arc<Flat>,
    parts: Vec<Part>,
    nested: Option<Nested>,
}

struct Assembly {
    parts: Vec<Option<(Option<Nested>, Option<Formatted>)>>,
    left: usize,
}

enum Task {
    File(usize),
    Piece(PieceTask),
}

/// A worker cutting a file into pieces (counted in [`State::cutting`] since the file was taken).
struct Cutting<'p, 'a, 'j, 's>(&'p Pool<'a, 'j, 's>);

impl Drop for Cutting<'_, '_, '_, '_> {
    fn drop(&mut self) {
        self.0.lock().cutting -= 1;
        self.0.wake.notify_all();
    }
}

impl Pool<'_, '_, '_> {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn work(&self) {
        while let Some(task) = self.next_task() {
            let result = match task {
                Task::File(job) => self.file(job),
                Task::Piece(piece) => self.piece(piece),
            };
            if let Err(err) = result {
                let mut state = self.lock();
                state.error.get_or_insert(err);
                self.wake.notify_all();
                return;
            }
        }
    }

    fn next_task(&self) -> Option<Task> {
        let mut state = self.lock();
        loop {
            if state.error.is_some() {
                return None;
            }
            if let Some(piece) = state.pieces.pop_front() {
                return Some(Task::Piece(piece));
            }
            let large = self.large.get(state.next_large).copied();
            // A large file while no other is being cut, or when nothing else is left.
            if let Some(job) = large.filter(|_| state.cutting == 0) {
                state.next_large += 1;
                state.cutting += 1;
                return Some(Task::File(job));
            }
            if let Some(&job) = self.small.get(state.next_small) {
                state.next_small += 1;
                return Some(Task::File(job));
            }
            if let Some(job) = large {
                state.next_large += 1;
                state.cutting += 1;
                return Some(Task::File(job));
            }
            if state.cutting == 0 {
                return None;
            }
            state = self.wake.wait(state).unwrap_or_else(|e| e.into_inner());
        }
    }

    fn file(&self, job: usize) -> Result<()> {
        let file = &self.jobs[job];
        if !file.grows() {
            return self.deliver(job, unparse(file, file.tokens())?);
        }
        // Until it is dropped, other workers wait for the pieces this may queue.
        let cutting = Cutting(self);
        let flat = Flat::new(file.tokens());
        let Some(pieces) = split::split(&flat, self.tuning.piece_tokens) else {
            drop(cutting);
            let tokens = flat.all().unwrap_or_else(|| file.tokens());
            drop(flat);
            return self.deliver(job, unparse(file, tokens)?);
        };
        let flat = Arc::new(flat);
        let mut state = self.lock();
        state.assemblies.insert(
            job,
            Assembly {
                parts: (0..pieces.len()).map(|_| None).collect(),
                left: pieces.len(),
            },
        );
        for (index, piece) in pieces.into_iter().enumerate() {
            state.pieces.push_back(PieceTask {
                job,
                index,
                flat: Arc::clone(&flat),
                parts: piece.parts,
                nested: piece.nested,
            });
        }
        drop(state);
        self.wake.notify_all();
        Ok(())
    }

    fn piece(&self, piece: PieceTask) -> Result<()> {
        let tokens = piece.flat.tokens(&piece.parts);
        // The last piece of a file to be rebuilt frees its tokens.
        drop(piece.flat);
        let formatted = tokens.and_then(|tokens| format_piece(tokens, piece.nested));
        self.part_done(piece.job, piece.index, piece.nested, formatted)
    }

    /// Records a formatted piece; the worker that records the last one assembles the file.
    fn part_done(
        &self,
        job: usize,
        index: usize,
        nested: Option<Nested>,
        formatted: Option<Formatted>,
    ) -> Result<()> {
        let complete = {
            let mut state = self.lock();
            let assembly = state
                .assemblies
                .get_mut(&job)
                .expect("pieces belong to a registered file");
            assembly.parts[index] = Some((nested, formatted));
            assembly.left -= 1;
            if assembly.left == 0 {
                state.assemblies.remove(&job)
            } else {
                None
            }
        };
        let Some(assembly) = complete else {
            return Ok(());
        };
        let parts: Option<Vec<(Option<Nested>, Formatted)>> = assembly
            .parts
            .into_iter()
            .map(|part| {
                let (nested, formatted) = part?;
                Some((nested, formatted?))
            })
            .collect();
        let file = &self.jobs[job];
        let body = match parts.and_then(split::assemble) {
            Some(body) => body,
            // A piece that did not parse or fit: the file whole says why, or gets it right.
            None => {
                #[cfg(test)]
                FALLBACKS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                unparse(file, file.tokens())?
            }
        };
        self.deliver(job, body)
    }

    fn deliver(&self, job: usize, body: String) -> Result<()> {
        let file = &self.jobs[job];
        let mut text =
            String::with_capacity(GENERATED_MARKER.len() + file.source.len() + 20 + body.len());
        text.push_str(GENERATED_MARKER);
        text.push_str(" from ");
        text.push_str(&file.source);
        text.push_str("; do not edit.\n");
        text.push_str(&body);
        drop(body);
        (self.sink)(&file.path, text)
    }
}

fn unparse(file: &FileJob<'_>, tokens: TokenStream) -> Result<String> {
    let syntax: syn::File = syn::parse2(tokens).with_context(|| {
        format!(
            "internal error: emitted code for {} does not parse",
            file.path
        )
    })?;
    Ok(prettyplease::unparse(&syntax))
}

/// A piece's formatted text; `None` when it does not parse or its markers are not where expected.
fn format_piece(tokens: TokenStream, nested: Option<Nested>) -> Option<Formatted> {
    let syntax: syn::File = syn::parse2(tokens).ok()?;
    let text = prettyplease::unparse(&syntax);
    drop(syntax);
    match nested {
        None => Some(Formatted::Text(text)),
        Some(n) => split::cut(&text, n.list),
    }
}

/// Split files formatted whole after all (tests expect none).
#[cfg(test)]
pub static FALLBACKS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// The text of a file formatted whole, as the pieces must add up to (tests compare the two).
#[cfg(test)]
pub fn format_unsplit(file: &FileJob<'_>) -> Result<String> {
    let body = unparse(file, file.tokens())?;
    Ok(format!(
        "{GENERATED_MARKER} from {}; do not edit.\n{body}",
        file.source
    ))
}
