"""Entry point: the router (page configuration, the pages of ui/navigation.py, the sidebar).
No formulas here: pages call the calculators."""

from ui import router

router.run()
