"""The paper-config checker: its CI subset passes on generated data, and the committed sweep
lists every paper config, passing, with the table written from its JSON."""
import json
import os.path as osp

from conftest import REPO, load_analysis_tool

RESULTS = osp.join(REPO, 'docs', 'results', 'paper_configs.json')


def test_ci_subset_covers_every_method_and_passes(tmp_path):
    tool = load_analysis_tool('check_paper_configs')
    assert {c.split('/')[0] for c in tool.CI_SUBSET} == {'bckd', 'heteroakd', 'lix', 'transkd'}
    out = str(tmp_path / 'paper_configs.json')
    results = tool.main(['--subset', 'ci', '--work-dir', str(tmp_path / 'work'), '--out', out])
    failed = {c: r.get('error') for c, r in results.items() if r['status'] != 'pass'}
    assert not failed, failed
    for config, record in results.items():
        assert record['metrics'], config  # the config's own evaluator reported
        losses = record['losses']
        assert any(k.startswith('distill.') for k in losses), config
    with open(out) as f:
        data = json.load(f)
    with open(out[:-5] + '.md') as f:
        assert f.read() == tool.markdown(data)


def test_committed_sweep_lists_every_paper_config_passing():
    tool = load_analysis_tool('check_paper_configs')
    with open(RESULTS) as f:
        data = json.load(f)
    assert set(data['configs']) == set(tool.paper_configs())
    failed = {c: r.get('error') for c, r in data['configs'].items() if r['status'] != 'pass'}
    assert not failed, failed
    with open(RESULTS[:-5] + '.md') as f:
        assert f.read() == tool.markdown(data)


def test_a_missing_training_config_fails_the_check(tmp_path, monkeypatch):
    """A teacher "trained by config X" whose X does not exist fails before any data is made."""
    tool = load_analysis_tool('check_paper_configs')
    import mmkd_ext.weights as weights
    config = 'lix/lix_mfnet-r18w16-rgbd_mfnet-r18w16_1xb8-80k_vkitti2-384x1248.py'
    ckpt = 'checkpoints/mfnet-r18w16-rgbd_1xb8-80k_vkitti2-384x1248.pth'
    monkeypatch.setitem(weights.TEACHERS, ckpt, dict(train='mmkd_ext::lix/missing.py'))
    args = tool.parse_args([config, '--worker', 'check', '--work-dir', str(tmp_path)])
    record = dict(config=config, status='fail', stage='config')
    import pytest
    with pytest.raises(AssertionError, match='missing.py, which does not exist'):
        tool.run_check(config, args, record)
    assert record['stage'] == 'config' and not (tmp_path / 'data').exists()
