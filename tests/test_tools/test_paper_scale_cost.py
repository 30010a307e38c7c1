"""The committed paper-scale cost table: one row per method and pair type, each at its
config's own crop and batch, the Markdown written from the JSON."""
import json
import os.path as osp

from conftest import REPO, load_analysis_tool

RESULTS = osp.join(REPO, 'docs', 'results', 'paper_scale_cost.json')


def test_every_cost_config_measured_at_its_crop():
    tool = load_analysis_tool('paper_scale_cost')
    with open(RESULTS) as f:
        data = json.load(f)
    assert set(data['configs']) == set(tool.COST_CONFIGS)
    assert {c.split('/')[0] for c in data['configs']} == {'bckd', 'heteroakd', 'lix', 'transkd'}
    for config, row in data['configs'].items():
        assert list(row['shape']) == tool.crop(config), config
        assert row['batch_size'] == tool.batch_size(config, data['max_batch']), config
        assert row['ratio'] == row['distill_step_s'] / (row['student_step_s']
                                                         + row['teacher_forward_s'])
    with open(RESULTS[:-5] + '.md') as f:
        assert f.read() == tool.markdown(data)


def test_crop_comes_from_the_students_preprocessor():
    tool = load_analysis_tool('paper_scale_cost')
    assert tool.crop('lix/lix_mfnet-r18w16-rgbd_mfnet-r18w16_1xb8-80k_vkitti2-384x1248.py') \
        == [384, 1248]
    assert tool.crop('bckd/bckd_mask2former-r101_segformer-b0_4xb4-160k_ade20k-512x512.py') \
        == [512, 512]
