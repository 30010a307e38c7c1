"""tools/test.sh with a checkpoint that does not fit its config stops before testing."""
import pytest
import torch
from mmengine.config import Config

from conftest import CWD, TINY, build_model
from mmkd_ext.cli import test
from mmkd_ext.cli.export_student import main as export


@pytest.fixture(scope='module')
def checkpoints(tmp_path_factory):
    root = tmp_path_factory.mktemp('ckpts')
    cfg = Config.fromfile(CWD)
    cfg.model.teacher_ckpt = None
    distill = str(root / 'iter_1.pth')
    torch.save(dict(state_dict=build_model(cfg.model).state_dict(), meta={}), distill)
    student = export([distill, '--out', str(root / 'student.pth')])
    other = Config.fromfile(TINY['cnn_student'])
    other.model.decode_head.num_classes = 4
    other.model.auxiliary_head.num_classes = 4
    wrong = str(root / 'four_classes.pth')
    torch.save(dict(state_dict=build_model(other.model).state_dict()), wrong)
    return dict(distill=distill, student=student, wrong=wrong)


@pytest.mark.parametrize('config,ckpt,match', [
    (TINY['cnn_student'], 'distill', 'is a distillation checkpoint .* export the student'),
    (CWD, 'student', "holds a plain model .* student's own config"),
    (TINY['cnn_student'], 'wrong', 'does not fit config .* of other shape'),
], ids=['student-config+distill-ckpt', 'distill-config+student-ckpt', 'num-classes'])
def test_mismatched_pairs_stop_with_the_fix(config, ckpt, match, checkpoints, tmp_path):
    with pytest.raises(SystemExit, match=match):
        test.main([config, checkpoints[ckpt], '--work-dir', str(tmp_path)])


def test_check_accepts_the_right_pairs(checkpoints):
    from mmkd_ext.cli.checkpoint_check import check_checkpoint_fits
    from mmkd_ext.compat import load_from_local
    for config, ckpt in ((CWD, 'distill'), (TINY['cnn_student'], 'student')):
        cfg = Config.fromfile(config)
        if 'teacher_ckpt' in cfg.model:
            cfg.model.teacher_ckpt = None
        model = build_model(cfg.model)
        state = load_from_local(checkpoints[ckpt], 'cpu')['state_dict']
        check_checkpoint_fits(model.state_dict(), state, config, checkpoints[ckpt])
