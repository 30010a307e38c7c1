"""See :mod:`mmkd_ext.cli.train`."""
import mmkd_ext  # noqa: F401  (imported first: patches the stack)
from mmkd_ext.cli.train import main

if __name__ == '__main__':
    main()
