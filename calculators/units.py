"""Named unit conversions. Every conversion in the calculators goes through one of these."""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import TypeAlias

    import numpy as np

    # A quantity of the model: a float (``evaluate``) or one value per Monte Carlo sample;
    # every formula is array-safe (``model``), so it takes and returns either.
    Quantity: TypeAlias = "float | np.ndarray"

WH_PER_KWH = 1000.0
W_PER_KW = 1000.0
G_PER_KG = 1000.0
KG_PER_TONNE = 1000.0
KWH_PER_MWH = 1000.0
HOURS_PER_DAY = 24.0
DAYS_PER_YEAR = 365.0
HOURS_PER_YEAR = HOURS_PER_DAY * DAYS_PER_YEAR  # 8,760 h: a year of service, as DAYS_PER_YEAR
PERCENT_PER_FRACTION = 100.0
BYTES_PER_MB = 1_000_000  # megabyte, SI (file sizes in messages)
L_PER_M3 = 1000.0   # litres in a cubic metre
MJ_PER_GJ = 1000.0
