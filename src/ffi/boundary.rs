//! The panic boundary and pointer checks every export goes through.
//!
//! No panic may unwind into C (undefined behaviour) and none may abort (which would kill a
//! Python host), so each export's body runs inside [`ffi_boundary!`]: a panic is caught and
//! the export returns its type's [`PanicValue`] (`NEWSPAN_PANIC` for a status).

use std::cell::{Cell, RefCell};
use std::ffi::{CStr, c_char};

use super::types::newspan_status;

/// What an export returns when its body panicked.
pub(crate) trait PanicValue {
    /// The value returned after a caught panic.
    fn panic_value() -> Self;

    /// Called with what the export returns: a failing status records the thread's last error
    /// (its description, unless the body recorded a more detailed one).
    fn after_call(&self) {}
}

impl PanicValue for newspan_status {
    fn panic_value() -> Self {
        newspan_status::NEWSPAN_PANIC
    }

    fn after_call(&self) {
        if *self != newspan_status::NEWSPAN_OK && !DETAILED.get() {
            let message = self.description().to_string_lossy().into_owned();
            LAST_ERROR.with_borrow_mut(|e| *e = Some(LastError { message, ..LastError::EMPTY }));
        }
    }
}

/// The last failure of an export on this thread: what `newspan_last_error_message()` and
/// `newspan_last_error_value()` read.
#[derive(Clone, Debug)]
pub(crate) struct LastError {
    pub message: String,
    /// The byte offset of a malformed sequence.
    pub offset: Option<u64>,
    /// The input length of an input over the limit.
    pub len: Option<u64>,
    /// The limit that was exceeded.
    pub limit: Option<u64>,
}

impl LastError {
    const EMPTY: LastError = LastError { message: String::new(), offset: None, len: None, limit: None };
}

thread_local! {
    static LAST_ERROR: RefCell<Option<LastError>> = const { RefCell::new(None) };
    /// Set when the running export recorded a detailed error (cleared when an export starts).
    static DETAILED: Cell<bool> = const { Cell::new(false) };
}

/// Called when an export starts: no detailed error recorded yet.
pub(crate) fn begin_call() {
    DETAILED.set(false);
}

/// Record a core error as this thread's last error, with its message and numbers.
pub(crate) fn record_error(e: &crate::Error) -> newspan_status {
    let status = newspan_status::from(e);
    let mut last = LastError { message: e.to_string(), ..LastError::EMPTY };
    match e {
        crate::Error::Malformed { offset, .. } => last.offset = Some(*offset as u64),
        crate::Error::InputTooLarge { len, limit } => {
            last.len = Some(*len as u64);
            last.limit = Some(*limit as u64);
        }
        crate::Error::TooManySpans { limit } => last.limit = Some(*limit as u64),
        _ => {}
    }
    record(last);
    status
}

/// [`record_error`] for an error on one page of an issue: the message says which page.
pub(crate) fn record_issue_error(e: &crate::IssueError) -> newspan_status {
    let status = record_error(&e.error);
    LAST_ERROR.with_borrow_mut(|last| {
        if let Some(last) = last {
            last.message = e.to_string();
        }
    });
    status
}

/// Record a failure with a message of its own.
pub(crate) fn record_message(status: newspan_status, message: String) -> newspan_status {
    record(LastError { message, ..LastError::EMPTY });
    status
}

fn record(last: LastError) {
    DETAILED.set(true);
    LAST_ERROR.with_borrow_mut(|e| *e = Some(last));
}

/// Record a caught panic (its message, when it has one) as the last error.
pub(crate) fn record_panic(payload: &(dyn std::any::Any + Send)) {
    let what = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    let message = if what.is_empty() {
        "internal error (panic) in newspan".to_string()
    } else {
        format!("internal error (panic) in newspan: {what}")
    };
    record(LastError { message, ..LastError::EMPTY });
}

/// Read this thread's last error.
pub(crate) fn with_last_error<R>(f: impl FnOnce(Option<&LastError>) -> R) -> R {
    LAST_ERROR.with_borrow(|e| f(e.as_ref()))
}

impl PanicValue for *const c_char {
    fn panic_value() -> Self {
        c"".as_ptr()
    }
}

impl PanicValue for usize {
    fn panic_value() -> Self {
        0
    }
}

impl PanicValue for u32 {
    fn panic_value() -> Self {
        0
    }
}

impl PanicValue for bool {
    fn panic_value() -> Self {
        false
    }
}

impl PanicValue for () {
    fn panic_value() -> Self {}
}

/// Run the body of an export; a panic becomes the return type's [`PanicValue`]. A failing
/// status (or a panic) becomes the thread's last error, unless the body starts with
/// `@keep_last_error;` (the functions that read the last error must not replace it).
///
/// `return` inside the body returns from the export (the body is a closure).
macro_rules! ffi_boundary {
    (@keep_last_error; $($body:tt)*) => {
        match ::std::panic::catch_unwind(::std::panic::AssertUnwindSafe(|| { $($body)* })) {
            Ok(value) => value,
            Err(_) => $crate::ffi::boundary::PanicValue::panic_value(),
        }
    };
    ($($body:tt)*) => {{
        $crate::ffi::boundary::begin_call();
        match ::std::panic::catch_unwind(::std::panic::AssertUnwindSafe(|| { $($body)* })) {
            Ok(value) => {
                $crate::ffi::boundary::PanicValue::after_call(&value);
                value
            }
            Err(payload) => {
                $crate::ffi::boundary::record_panic(&*payload);
                $crate::ffi::boundary::PanicValue::panic_value()
            }
        }
    }};
}
pub(crate) use ffi_boundary;

/// Borrow the input buffer `(data, len)`: `(NULL, 0)` and `(any, 0)` are the empty buffer;
/// `NULL` with a length is `None`.
///
/// # Safety
/// When `data` is not NULL it must point to `len` readable bytes that stay unchanged for `'a`.
pub(crate) unsafe fn input<'a>(data: *const u8, len: usize) -> Option<&'a [u8]> {
    if len == 0 {
        return Some(&[]);
    }
    if data.is_null() || len > isize::MAX as usize {
        return None;
    }
    // SAFETY: the caller promises `len` readable bytes at `data`; non-NULL and length checked.
    Some(unsafe { std::slice::from_raw_parts(data, len) })
}

/// Borrow a NUL-terminated C string; `None` for NULL.
///
/// # Safety
/// When `s` is not NULL it must point to a NUL-terminated string that outlives `'a`.
pub(crate) unsafe fn c_str<'a>(s: *const c_char) -> Option<&'a CStr> {
    if s.is_null() {
        return None;
    }
    // SAFETY: non-NULL, and the caller promises a NUL-terminated string.
    Some(unsafe { CStr::from_ptr(s) })
}

/// Copy `text` and a terminating NUL into `buf[..cap]`, the size-query convention of every
/// text function: `*needed` always receives `text.len() + 1`; when `cap` is smaller the
/// buffer is left untouched and the result is `NEWSPAN_BUFFER_TOO_SMALL`.
///
/// # Safety
/// `needed` must be valid for a write; `buf`, when not NULL, must be valid for `cap` bytes.
pub(crate) unsafe fn copy_text(
    text: &[u8],
    buf: *mut c_char,
    cap: usize,
    needed: *mut usize,
) -> newspan_status {
    if needed.is_null() || (buf.is_null() && cap > 0) {
        return newspan_status::NEWSPAN_NULL_ARGUMENT;
    }
    let need = text.len() + 1;
    // SAFETY: `needed` is non-NULL and the caller promises it is writable.
    unsafe { needed.write(need) };
    if cap < need {
        return newspan_status::NEWSPAN_BUFFER_TOO_SMALL;
    }
    // SAFETY: `buf` is non-NULL here (cap >= need >= 1) and holds `cap >= need` bytes.
    // `copy` (memmove) because for UTF-8 input `text` lies in the caller's own buffer, which
    // a careless caller might also pass as the destination.
    unsafe {
        std::ptr::copy(text.as_ptr(), buf.cast::<u8>(), text.len());
        buf.add(text.len()).write(0);
    }
    newspan_status::NEWSPAN_OK
}

#[cfg(test)]
mod tests {
    use super::*;

    fn panics() -> newspan_status {
        ffi_boundary! {
            let v: Vec<u8> = Vec::new();
            if v.is_empty() {
                panic!("caught by the boundary");
            }
            newspan_status::NEWSPAN_OK
        }
    }

    #[test]
    fn a_panic_becomes_the_panic_status() {
        let hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(|_| {}));
        let status = panics();
        std::panic::set_hook(hook);
        assert_eq!(status, newspan_status::NEWSPAN_PANIC);
    }

    #[test]
    fn copy_text_size_query() {
        let mut needed = 0usize;
        let s = unsafe { copy_text(b"abc", std::ptr::null_mut(), 0, &mut needed) };
        assert_eq!((s, needed), (newspan_status::NEWSPAN_BUFFER_TOO_SMALL, 4));
        let mut buf = [b'x' as c_char; 4];
        let s = unsafe { copy_text(b"abc", buf.as_mut_ptr(), 3, &mut needed) };
        assert_eq!((s, buf[0]), (newspan_status::NEWSPAN_BUFFER_TOO_SMALL, b'x' as c_char));
        let s = unsafe { copy_text(b"abc", buf.as_mut_ptr(), 4, &mut needed) };
        assert_eq!((s, needed, buf[3]), (newspan_status::NEWSPAN_OK, 4, 0));
        let s = unsafe { copy_text(b"abc", std::ptr::null_mut(), 4, &mut needed) };
        assert_eq!(s, newspan_status::NEWSPAN_NULL_ARGUMENT);
    }
}
