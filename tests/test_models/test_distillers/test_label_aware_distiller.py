import pytest
import torch
from mmengine.structures import PixelData
from mmrazor.models.architectures.connectors.base_connector import BaseConnector
from mmrazor.registry import MODELS
from mmseg.structures import SegDataSample
from torch import nn

from mmkd_ext.models import LabelAwareDistiller
from mmkd_ext.models.utils import labels_to_grid


class ToyNet(nn.Module):

    def __init__(self):
        super().__init__()
        self.stem = nn.Conv2d(3, 4, 3, stride=2, padding=1)
        self.head = nn.Conv2d(4, 5, 1)

    def forward(self, x):
        return self.head(self.stem(x))


@MODELS.register_module(force=True)
class _CountingConnector(BaseConnector):
    calls = 0

    def __init__(self, channels=5):
        super().__init__()
        self.conv = nn.Conv2d(channels, channels, 1)

    def forward_train(self, feature):
        type(self).calls += 1
        return self.conv(feature)


@MODELS.register_module(force=True)
class _EchoLoss(nn.Module):
    """Returns sum(preds_S) and keeps the labels it was given."""

    def __init__(self):
        super().__init__()
        self.loss_weight = 1.0
        self.seen = None

    def forward(self, preds_S, preds_T, gt_labels=None):
        self.seen = gt_labels
        return (preds_S - preds_T).pow(2).mean()


def build(mappings, connectors=None, source='head'):
    distiller = MODELS.build(dict(
        _scope_='mmrazor',
        type='LabelAwareDistiller',
        student_recorders=dict(out=dict(type='ModuleOutputs', source=source)),
        teacher_recorders=dict(out=dict(type='ModuleOutputs', source='head')),
        connectors=connectors or {},
        distill_losses={name: dict(type='_EchoLoss') for name in mappings},
        loss_forward_mappings=mappings))
    assert isinstance(distiller, LabelAwareDistiller)
    student, teacher = ToyNet(), ToyNet()
    distiller.prepare_from_student(student)
    distiller.prepare_from_teacher(teacher)
    return distiller, student, teacher


def run_step(distiller, student, teacher, x, samples=None):
    with distiller.teacher_recorders, torch.no_grad():
        teacher(x)
    with distiller.student_recorders:
        student(x)
    distiller.set_data_samples(samples)
    return distiller.compute_distill_losses()


def seg_samples(labels):
    return [SegDataSample(gt_sem_seg=PixelData(data=lbl[None])) for lbl in labels]


S = dict(recorder='out', from_student=True)
T = dict(recorder='out', from_student=False)


def test_connector_runs_once_per_step_for_many_losses():
    mappings = {
        f'loss_{i}': dict(preds_S=dict(S, connector='c'), preds_T=T)
        for i in range(3)
    }
    distiller, student, teacher = build(mappings, dict(c=dict(type='_CountingConnector')))
    _CountingConnector.calls = 0
    losses = run_step(distiller, student, teacher, torch.randn(2, 3, 8, 8))
    assert _CountingConnector.calls == 1
    assert len(losses) == 3
    run_step(distiller, student, teacher, torch.randn(2, 3, 8, 8))
    assert _CountingConnector.calls == 2  # fresh output every step
    sum(losses.values()).backward()
    assert distiller.connectors['c'].conv.weight.grad is not None


def test_labels_resized_to_record_grid_keep_ignore_index():
    labels = torch.randint(0, 5, (2, 8, 8))
    labels[:, :4, :4] = 255
    mappings = dict(loss_a=dict(
        preds_S=S, preds_T=T,
        gt_labels=dict(from_data='gt_sem_seg', resize_as=S)))
    distiller, student, teacher = build(mappings)
    run_step(distiller, student, teacher, torch.randn(2, 3, 8, 8), seg_samples(labels))
    seen = distiller.distill_losses['loss_a'].seen
    assert seen.shape == (2, 4, 4) and seen.dtype == torch.long
    assert torch.equal(seen, labels_to_grid(labels, (4, 4)))  # majority of each 2x2
    assert (seen[:, :2, :2] == 255).all()
    assert set(seen.unique().tolist()) <= set(range(5)) | {255}


def test_labels_at_fixed_size_and_input_grid():
    labels = torch.randint(0, 5, (1, 8, 8))
    mappings = dict(
        loss_a=dict(preds_S=S, preds_T=T,
                    gt_labels=dict(from_data='gt_sem_seg', size=(2, 2))),
        loss_b=dict(preds_S=S, preds_T=T, gt_labels=dict(from_data='gt_sem_seg')))
    distiller, student, teacher = build(mappings)
    run_step(distiller, student, teacher, torch.randn(1, 3, 8, 8), seg_samples(labels))
    assert torch.equal(distiller.distill_losses['loss_a'].seen, labels_to_grid(labels, (2, 2)))
    assert torch.equal(distiller.distill_losses['loss_b'].seen, labels)


def test_label_resize_mode_in_the_mapping():
    labels = torch.randint(0, 5, (1, 8, 8))
    spec = dict(from_data='gt_sem_seg', size=(2, 2), mode='nearest')
    distiller, student, teacher = build(dict(loss_a=dict(preds_S=S, preds_T=T, gt_labels=spec)))
    run_step(distiller, student, teacher, torch.randn(1, 3, 8, 8), seg_samples(labels))
    assert torch.equal(distiller.distill_losses['loss_a'].seen, labels[:, ::4, ::4])
    with pytest.raises(ValueError, match=r'loss_a.gt_labels.mode=.corner.'):
        build(dict(loss_a=dict(preds_S=S, preds_T=T, gt_labels=dict(spec, mode='corner'))))


def test_label_without_data_samples_is_a_clear_error():
    mappings = dict(loss_a=dict(preds_S=S, preds_T=T,
                                gt_labels=dict(from_data='gt_sem_seg')))
    distiller, student, teacher = build(mappings)
    with pytest.raises(RuntimeError, match='no data samples'):
        run_step(distiller, student, teacher, torch.randn(1, 3, 8, 8), None)


@pytest.mark.parametrize('spec, match', [
    (dict(from_data='gt_depth'), 'from_data'),
    (dict(from_data='gt_sem_seg', scale=2), 'unknown keys'),
])
def test_bad_label_spec_names_the_config_key(spec, match):
    mappings = dict(loss_a=dict(preds_S=S, preds_T=T, gt_labels=spec))
    with pytest.raises(ValueError, match=match) as err:
        build(mappings)
    assert 'loss_forward_mappings.loss_a.gt_labels' in str(err.value)


def test_unknown_recorder_source_lists_close_matches():
    mappings = dict(loss_a=dict(preds_S=S, preds_T=T))
    with pytest.raises(ValueError) as err:
        build(mappings, source='haed')
    msg = str(err.value)
    assert "model.distiller.student_recorders.out.source='haed'" in msg
    assert "'head'" in msg
