//! One file per screen or window, each a `render` function over a borrowed
//! [`App`](super::app::App) and a `Rect`.

pub mod broken;
pub mod details;
pub mod lists;
pub mod overview;
pub mod windows;
