"""Checks an installed nnmoments (run by ctest as python_installed): with PYTHONPATH set to
<prefix>/lib/python3/dist-packages, as docs/python.md says, the package imported is the installed
one and it works. Usage: installed.py PREFIX"""

import os
import sys

import nnmoments as nm

prefix = os.path.realpath(sys.argv[1])
where = os.path.realpath(nm.__file__)
if not where.startswith(prefix + os.sep):
    sys.exit(f"nnmoments imported from {where}, not from the installed prefix {prefix}")
g = nm.generate(n=20000, d=5, k=2, m=3, dist="laplace", seed=1)
est = nm.SpectralRecovery(k=2).fit(g.X, g.Y)
if not est.summary_.usable or est.W_.shape != (2, 5):
    sys.exit(f"recovery from the installed package failed: {est.summary_!r}")
print(f"nnmoments {nm.__version__} from {where}: {est.summary_.brief_report.strip()}")
