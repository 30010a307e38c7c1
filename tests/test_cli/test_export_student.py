
import pytest
import torch
from mmengine.config import Config

from conftest import CWD, TINY, build_model, fake_batch
from mmkd_ext.cli.export_student import export_student, main


def test_prefix_removed_only_at_start_and_extras_dropped():
    ckpt = dict(
        meta=dict(iter=7),
        state_dict={
            'architecture.backbone.w': torch.ones(1),
            'architecture.head.architecture.b': torch.zeros(1),
            'teacher.backbone.w': torch.ones(1),
            'distiller.connectors.c.w': torch.ones(1),
        },
        optimizer={}, message_hub={})
    out = export_student(ckpt)
    assert set(out) == {'meta', 'state_dict'}
    assert sorted(out['state_dict']) == ['backbone.w', 'head.architecture.b']
    assert out['meta'] == dict(iter=7)


def test_refuses_a_plain_checkpoint(tmp_path):
    path = str(tmp_path / 'plain.pth')
    torch.save(dict(state_dict={'backbone.w': torch.ones(1)}), path)
    with pytest.raises(SystemExit, match='not a distillation checkpoint'):
        main([path])


def test_exported_student_predicts_like_the_student_inside(tmp_path):
    cfg = Config.fromfile(CWD)
    cfg.model.teacher_ckpt = None
    algorithm = build_model(cfg.model).eval()
    torch.nn.init.normal_(algorithm.student.decode_head.conv_seg.weight)
    path = str(tmp_path / 'iter_1.pth')
    torch.save(dict(state_dict=algorithm.state_dict(), meta={}), path)
    out = main([path])
    assert out == str(tmp_path / 'iter_1_student.pth')

    student = build_model(Config.fromfile(TINY['cnn_student']).model)
    student.load_state_dict(torch.load(out)['state_dict'], strict=True)
    student.eval()
    batch = fake_batch(batch_size=2)
    with torch.no_grad():
        inside = algorithm.test_step(batch)
        exported = student.test_step(batch)
    for a, b in zip(inside, exported):
        assert torch.equal(a.seg_logits.data, b.seg_logits.data)
        assert torch.equal(a.pred_sem_seg.data, b.pred_sem_seg.data)
