//! The C ABI (see `include/newspan.h`). The only module where `unsafe` is allowed.
#![allow(unsafe_code)]
