"""For a mkdocs.yml that names this file under `hooks:`: the `zhiku` plugin's events
(generator/site/plugin.py); `plugins: [search, zhiku]` is the way to use it."""

from generator.site.plugin import hook_events

globals().update(hook_events())
