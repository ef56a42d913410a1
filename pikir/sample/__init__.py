"""The bundled offline sample: synthetic Telegram channels replayed as ``t.me/s`` pages.

- :mod:`pikir.sample.content` loads ``sample/telegram/*.json``;
- :mod:`pikir.sample.render` and :mod:`pikir.sample.render_post` turn a channel into the HTML the
  real web preview sends (:mod:`pikir.sample.markup` formats texts and counts);
- :mod:`pikir.sample.server` serves those pages on a local port, with fault injection for tests
  (``from pikir.sample.server import SampleServer``).
"""

from pikir.sample.content import SAMPLE_ROOT, SampleChannel, load_channels

__all__ = ["SAMPLE_ROOT", "SampleChannel", "load_channels"]
