import sys

from pipeline.surfaces.cli import main

sys.exit(main(own_process=True))
