import copy

import pytest
import torch
from mmengine.config import Config

from conftest import CWD, TINY, build_model, fake_batch


@pytest.fixture
def cwd_cfg():
    cfg = Config.fromfile(CWD)
    cfg.model.teacher_ckpt = None
    return cfg


def mit_pair_model(**overrides):
    """FrozenTeacherDistill with a drop-path MiT teacher and a MiT student."""
    teacher = Config.fromfile(TINY['mit_teacher']).model
    student = Config.fromfile(TINY['mit_student']).model
    teacher.backbone.drop_path_rate = 0.5
    teacher.decode_head.dropout_ratio = 0.5
    logits = dict(type='ModuleOutputs', source='decode_head.conv_seg')
    model = dict(
        _scope_='mmrazor',
        type='FrozenTeacherDistill',
        architecture=student,
        teacher=teacher,
        distiller=dict(
            type='LabelAwareDistiller',
            student_recorders=dict(logits=logits),
            teacher_recorders=dict(logits=logits),
            distill_losses=dict(loss_kl=dict(type='KLDivergence', tau=1)),
            loss_forward_mappings=dict(loss_kl=dict(
                preds_S=dict(from_student=True, recorder='logits'),
                preds_T=dict(from_student=False, recorder='logits')))),
        **overrides)
    return build_model(model)


def loss_step(model, batch):
    data = model.data_preprocessor(copy.deepcopy(batch), True)
    return model(**data, mode='loss')


def test_whole_teacher_in_eval_and_deterministic():
    model = mit_pair_model()
    model.train()
    assert all(not m.training for m in model.teacher.modules())
    assert model.student.training
    batch = fake_batch(num_classes=10)
    records = []
    for _ in range(2):
        loss_step(model, batch)
        records.append(model.distiller.teacher_recorders.get_recorder(
            'logits').get_record_data().clone())
    assert torch.equal(records[0], records[1])


def test_teacher_runs_in_tensor_mode_without_grad(cwd_cfg):
    model = build_model(cwd_cfg.model)
    model.train()
    modes = []
    forward = model.teacher.forward
    model.teacher.forward = lambda *a, mode='tensor': modes.append(mode) or forward(*a, mode=mode)
    losses = loss_step(model, fake_batch())
    assert modes == ['tensor']
    assert 'distill.loss_cwd' in losses and 'student.decode.loss_ce' in losses
    assert not any(k.startswith('teacher.') for k in losses)
    t_logits = model.distiller.teacher_recorders.get_recorder('logits').get_record_data()
    assert not t_logits.requires_grad
    sum(v for k, v in losses.items() if 'loss' in k).backward()
    assert all(p.grad is None for p in model.teacher.parameters())
    assert all(not p.requires_grad for p in model.teacher.parameters())
    assert model.student.decode_head.conv_seg.weight.grad is not None


def test_teacher_skipped_while_distillation_is_off(cwd_cfg):
    model = build_model(cwd_cfg.model)
    model.train()
    model.distillation_stopped = True
    calls = []
    model.teacher.register_forward_pre_hook(lambda *a: calls.append(1))
    losses = loss_step(model, fake_batch())
    assert calls == [] and not any(k.startswith('distill.') for k in losses)
    model.distillation_stopped = False
    losses = loss_step(model, fake_batch())
    assert calls == [1] and 'distill.loss_cwd' in losses


def test_teacher_checkpoint_missing_file(cwd_cfg, tmp_path):
    cwd_cfg.model.teacher_ckpt = str(tmp_path / 'teacher.pth')
    with pytest.raises(FileNotFoundError, match='model.teacher_ckpt'):
        build_model(cwd_cfg.model)


def test_teacher_checkpoint_loaded_strictly(cwd_cfg, tmp_path):
    teacher = build_model(Config.fromfile(TINY['cnn_teacher']).model)
    good = str(tmp_path / 'teacher.pth')
    torch.save(dict(state_dict=teacher.state_dict(), meta={}), good)
    cwd_cfg.model.teacher_ckpt = good
    model = build_model(cwd_cfg.model)
    for k, v in teacher.state_dict().items():
        assert torch.equal(model.teacher.state_dict()[k], v)

    wrong = str(tmp_path / 'student_as_teacher.pth')
    torch.save(dict(state_dict=model.student.state_dict()), wrong)
    cwd_cfg.model.teacher_ckpt = wrong
    with pytest.raises(ValueError, match='does not match the teacher config'):
        build_model(cwd_cfg.model)

    distill = str(tmp_path / 'distill.pth')
    torch.save(dict(state_dict=model.state_dict()), distill)
    cwd_cfg.model.teacher_ckpt = distill
    with pytest.raises(ValueError, match='export_student'):
        build_model(cwd_cfg.model)


def test_trainable_teacher_is_refused():
    with pytest.raises(ValueError, match='teacher_trainable'):
        mit_pair_model(teacher_trainable=True)


def test_non_finite_teacher_output_stops_with_a_message(cwd_cfg):
    model = build_model(cwd_cfg.model)
    model.train()
    with torch.no_grad():
        model.teacher.decode_head.conv_seg.bias.fill_(float('nan'))
    with pytest.raises(FloatingPointError, match='check_teacher_finite'):
        loss_step(model, fake_batch())
    model.check_teacher_finite = False
    # the NaN then reaches the distillation loss, which the loss check catches
    with pytest.raises(FloatingPointError, match=r"\['distill.loss_cwd'\]"):
        loss_step(model, fake_batch())
    model.check_loss_finite = False
    assert 'distill.loss_cwd' in loss_step(model, fake_batch())
