"""Install mmkd_ext: knowledge-distillation methods for MMSegmentation / MMRazor."""
import os.path as osp

from setuptools import find_packages, setup


def read_version() -> str:
    scope: dict = {}
    with open(osp.join(osp.dirname(__file__), 'mmkd_ext', 'version.py')) as f:
        exec(f.read(), scope)
    return scope['__version__']


def read_requirements(name: str) -> list:
    path = osp.join(osp.dirname(__file__), 'requirements', name)
    with open(path) as f:
        return [line.strip() for line in f if line.strip() and not line.startswith('#')]


setup(
    name='mmkd_ext',
    version=read_version(),
    description='Knowledge distillation for semantic segmentation on MMSegmentation and MMRazor',
    long_description=open('README.md').read() if osp.exists('README.md') else '',
    long_description_content_type='text/markdown',
    packages=find_packages(exclude=('tests', 'tests.*', 'tools', 'configs')),
    # configs/, tools/ and model-index.yml reach the package through the links in
    # mmkd_ext/.mim, so `mmkd_ext::<method>/<config>.py` resolves once installed and
    # `mim train mmkd_ext CONFIG` finds .mim/tools/train.py, as for mmseg.
    package_data={'mmkd_ext': ['.mim/model-index.yml', '.mim/configs/**/*',
                               '.mim/tools/**/*']},
    entry_points=dict(console_scripts=[
        'mmkd-train=mmkd_ext.cli.train:cli',
        'mmkd-test=mmkd_ext.cli.test:cli',
        'mmkd-export-student=mmkd_ext.cli.export_student:cli',
        'mmkd-configs=mmkd_ext.cli.list_configs:cli',
        'mmkd-generate-offline-street=mmkd_ext.cli.generate_offline_street:cli',
        'mmkd-generate-layout=mmkd_ext.cli.generate_layout:cli',
    ]),
    python_requires='>=3.8',
    install_requires=read_requirements('torch.txt') + read_requirements('mmcv.txt') +
    read_requirements('runtime.txt'),
    extras_require=dict(tests=read_requirements('tests.txt')),
    license='Apache License 2.0',
    zip_safe=False,
)
