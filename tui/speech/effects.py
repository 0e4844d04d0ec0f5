"""Make a rendered line sound like it comes through a phone: band-pass 300-3400 Hz.

Done in the frequency domain with a smooth Butterworth-shaped gain (no scipy needed),
then a touch of soft clipping, the way a cheap line compresses peaks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

PHONE_LOW_HZ = 300.0
PHONE_HIGH_HZ = 3400.0


def band_pass(samples: np.ndarray, rate: int, low: float, high: float, order: int = 4) -> np.ndarray:
    """Zero-phase band-pass: gain of an order-`order` Butterworth high-pass times low-pass."""
    import numpy as np

    if len(samples) == 0:
        return samples
    spectrum = np.fft.rfft(samples.astype(np.float64))
    freqs = np.fft.rfftfreq(len(samples), d=1.0 / rate)
    with np.errstate(divide="ignore"):
        high_pass = 1.0 / np.sqrt(1.0 + (low / np.maximum(freqs, 1e-9)) ** (2 * order))
    low_pass = 1.0 / np.sqrt(1.0 + (freqs / high) ** (2 * order))
    return np.fft.irfft(spectrum * high_pass * low_pass, len(samples)).astype(np.float32)


def phone_line(samples: np.ndarray, rate: int) -> np.ndarray:
    """The phone-call sound: 300-3400 Hz band, gentle saturation, same loudness peak."""
    import numpy as np

    if len(samples) == 0:
        return samples
    filtered = band_pass(samples, rate, PHONE_LOW_HZ, PHONE_HIGH_HZ)
    peak = float(np.max(np.abs(filtered))) or 1.0
    driven = np.tanh(1.6 * filtered / peak) / np.tanh(1.6)
    original_peak = float(np.max(np.abs(samples)))
    return (driven * min(original_peak, 0.95)).astype(np.float32)
