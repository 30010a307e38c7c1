import pytest

from mmkd_ext.cli.generate_layout import main


def test_writes_a_layout_and_refuses_a_folder_with_files(tmp_path, capsys):
    out = str(tmp_path / 'nyu')
    main(['--dataset', 'nyuv2', '--out', out, '--num-train', '1', '--num-val', '1',
          '--scale', '0.1'])
    assert (tmp_path / 'nyu' / 'images' / 'train' / '000000.jpg').is_file()
    assert 'nyuv2: 1 train / 1 val scenes of 48x64 px' in capsys.readouterr().out
    with pytest.raises(SystemExit, match='holds files'):
        main(['--dataset', 'nyuv2', '--out', out])
    main(['--dataset', 'nyuv2', '--out', out, '--scale', '0.1', '--overwrite'])


def test_bad_arguments_are_named(tmp_path):
    with pytest.raises(SystemExit, match='--scale > 0'):
        main(['--dataset', 'ade20k', '--out', str(tmp_path / 'a'), '--scale', '0'])
