"""See :mod:`mmkd_ext.cli.generate_offline_street`."""
from mmkd_ext.cli.generate_offline_street import main

if __name__ == '__main__':
    main()
