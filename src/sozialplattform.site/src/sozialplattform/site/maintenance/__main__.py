"""``python -m sozialplattform.site.maintenance <zope.conf> <command> [arguments]``."""

from sozialplattform.site.maintenance import main
import sys


sys.exit(main(sys.argv[1:]))
