"""Mistakes that used to end with exit 0 and a wrong result, or lose an earlier run's files:
work directories, label meaning, all-ignore labels, NaN metrics and losses, depth files,
loss weights and mappings, ``--cfg-options`` keys, damaged label files."""
import glob
import io
import os.path as osp

import numpy as np
import pytest
import torch
from mmengine.config import Config
from PIL import Image

from conftest import CONFIGS, CWD, TINY, build_model, run_config
from mmkd_ext.cli.common import check_override_keys
from mmkd_ext.cli.preflight import check_label_meaning, check_labels, check_work_dir
from mmkd_ext.datasets.transforms import LoadXModalityFromFile
from mmkd_ext.engine import FiniteCheckHook


def test_a_new_run_does_not_replace_another_runs_checkpoints(tmp_path):
    cfg = Config(dict(work_dir=str(tmp_path), resume=False))
    check_work_dir(cfg, overwrite=False)                 # empty: fine
    (tmp_path / 'iter_300.pth').write_bytes(b'x')
    (tmp_path / 'last_checkpoint').write_text(str(tmp_path / 'iter_300.pth'))
    with pytest.raises(ValueError, match=r'holds the checkpoints of another run '
                       r'\(iter_300.pth, last_checkpoint\).*--resume.*--work-dir.*--overwrite'):
        check_work_dir(cfg, overwrite=False)
    check_work_dir(cfg, overwrite=True)
    check_work_dir(Config(dict(work_dir=str(tmp_path), resume=True)), overwrite=False)


def test_train_entry_point_refuses_an_occupied_work_dir(tmp_path):
    from mmkd_ext.cli.train import main
    (tmp_path / 'iter_2.pth').write_bytes(b'kept')
    with pytest.raises(SystemExit, match='holds the checkpoints of another run'):
        main([TINY['cnn_student'], '--work-dir', str(tmp_path)])
    assert (tmp_path / 'iter_2.pth').read_bytes() == b'kept'
    assert sorted(p.name for p in tmp_path.iterdir()) == ['iter_2.pth']


def test_reduce_zero_label_on_one_loader_only(offline_data, tmp_path):
    cfg = run_config(TINY['cnn_student'], offline_data, str(tmp_path))
    check_label_meaning(cfg)
    cfg.test_dataloader.dataset.reduce_zero_label = True
    with pytest.raises(ValueError, match=r'test_dataloader.dataset.reduce_zero_label=True but '
                       r'train_dataloader.dataset.reduce_zero_label=False'):
        check_label_meaning(cfg)


def test_labels_that_are_all_ignore_index(data_copy, tmp_path):
    for path in glob.glob(osp.join(data_copy, 'ann_dir', '*', '*.png')):
        seg = np.array(Image.open(path))
        Image.fromarray(np.full_like(seg, 255)).save(path)
    with pytest.raises(ValueError, match=r'train_dataloader.dataset: every label file read '
                       r'\(\d+\) holds only ignore_index=255'):
        check_labels(run_config(TINY['cnn_student'], data_copy, str(tmp_path)))


def test_truncated_label_png_names_the_file(data_copy, tmp_path):
    path = sorted(glob.glob(osp.join(data_copy, 'ann_dir', 'train', '*.png')))[0]
    with open(path, 'rb') as f:
        head = f.read()[:200]
    with open(path, 'wb') as f:
        f.write(head)
    with pytest.raises(ValueError, match=rf'label file {path} cannot be read'):
        check_labels(run_config(TINY['cnn_student'], data_copy, str(tmp_path)))


def test_nan_metric_and_nan_training_loss_end_the_run():
    hook = FiniteCheckHook()
    hook.after_val_epoch(None, {'mIoU': 47.5, 'IoU.pole': float('nan')})  # absent class
    with pytest.raises(ValueError, match=r"metrics \['mIoU'\] are NaN: .*val_dataloader"):
        hook.after_val_epoch(None, {'mIoU': float('nan'), 'aAcc': 100.0})
    with pytest.raises(ValueError, match='test_dataloader.dataset'):
        hook.after_test_epoch(None, {'mIoU': np.float64('nan')})

    class Runner:
        iter = 6
    hook.after_train_iter(Runner, 0, outputs={'loss': torch.tensor(1.0)})
    with pytest.raises(FloatingPointError, match=r"iteration 7: \['decode.loss_ce', 'loss'\]"):
        hook.after_train_iter(Runner, 0, outputs={'loss': torch.tensor(float('nan')),
                                                  'decode.loss_ce': torch.tensor(float('inf')),
                                                  'decode.acc_seg': torch.tensor(90.0)})


def test_train_and_test_add_the_finite_check(tmp_path):
    from mmkd_ext.cli.common import load_config
    from mmkd_ext.cli.train import parse_args
    cfg = load_config(parse_args([TINY['cnn_student'], '--work-dir', str(tmp_path)]))
    assert [h['type'] for h in cfg.custom_hooks][-1] == 'mmrazor.FiniteCheckHook'


def _png(array: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(array).save(buffer, format='PNG')
    return buffer.getvalue()


def test_depth_files_that_do_not_hold_what_the_config_reads(tmp_path):
    image = np.zeros((4, 6, 3), np.uint8)
    eight = tmp_path / 'd8.png'
    eight.write_bytes(_png(np.full((4, 6), 200, np.uint8)))
    with pytest.raises(ValueError, match=rf'{eight} is an 8-bit PNG read with '
                       r'LoadXModalityFromFile.scale=1000.0: every value would be below 0.255'):
        LoadXModalityFromFile(scale=1000.0)(dict(depth_path=str(eight), img=image))
    with pytest.raises(ValueError, match=r'is a 8-bit PNG .* expects bit_depth=16'):
        LoadXModalityFromFile(scale=100.0, bit_depth=16)(dict(depth_path=str(eight), img=image))
    sixteen = tmp_path / 'd16.png'
    sixteen.write_bytes(_png(np.full((4, 6), 5000, np.uint16)))
    out = LoadXModalityFromFile(scale=1000.0, bit_depth=16)(
        dict(depth_path=str(sixteen), img=image))
    assert out['x_img'].shape == (4, 6, 1) and float(out['x_img'].max()) == 5.0
    holes = np.full((4, 6), 3.0, np.float32)
    holes[1, 2] = np.nan
    np.save(tmp_path / 'holes.npy', holes)
    with pytest.raises(ValueError, match=r'holes.npy has 1 NaN/inf values of 24: fill the holes'):
        LoadXModalityFromFile()(dict(depth_path=str(tmp_path / 'holes.npy'), img=image))


def cwd_model(**loss):
    cfg = Config.fromfile(CWD)
    cfg.model.teacher_ckpt = None
    cfg.model.distiller.distill_losses.loss_cwd.update(loss)
    return cfg.model


def test_negative_or_zero_loss_weight_fails_at_build():
    with pytest.raises(ValueError, match=r'loss_cwd.loss_weight=-1: a distillation weight must '
                       r'be finite and >= 0'):
        build_model(cwd_model(loss_weight=-1))
    with pytest.raises(ValueError, match=r'distill_losses.loss_cwd \(ChannelWiseDivergence\) is '
                       r'exactly 0 on the build-time probe'):
        build_model(cwd_model(loss_weight=0))


def test_a_loss_between_a_tensor_and_itself_fails_at_build():
    model = cwd_model()
    mapping = model.distiller.loss_forward_mappings.loss_cwd
    mapping.preds_T = dict(mapping.preds_S)
    with pytest.raises(ValueError, match=r'loss_forward_mappings.loss_cwd: preds_S and preds_T '
                       r'are the same tensor \(the student record'):
        build_model(model)


def test_cfg_options_checked_against_the_class_that_takes_them():
    cfg = Config.fromfile(CWD)
    with pytest.raises(ValueError, match=r'default_hooks.checkpoint.max_keep_ckpt: CheckpointHook '
                       r'.* did you mean default_hooks.checkpoint.max_keep_ckpts'):
        check_override_keys(cfg, {'default_hooks.checkpoint.max_keep_ckpt': 1})
    check_override_keys(cfg, {'default_hooks.checkpoint.max_keep_ckpts': 1})
    # the AMP dtype is an argument of AmpOptimWrapper, not a typo of `type`
    check_override_keys(cfg, {'optim_wrapper.type': 'AmpOptimWrapper',
                              'optim_wrapper.dtype': 'float16'})
    with pytest.raises(ValueError, match=r"OptimWrapper .* takes no 'dtype'; it accepts"):
        check_override_keys(cfg, {'optim_wrapper.dtype': 'float16'})
    with pytest.raises(ValueError, match=r'train_cfg.max_iter: IterBasedTrainLoop .* did you '
                       r'mean train_cfg.max_iters'):
        check_override_keys(cfg, {'train_cfg.max_iter': 2})


def test_amp_flag_then_dtype_option(tmp_path):
    from mmkd_ext.cli.common import load_config
    from mmkd_ext.cli.train import parse_args
    cfg = load_config(parse_args([TINY['cnn_student'], '--amp', '--work-dir', str(tmp_path),
                                  '--cfg-options', 'optim_wrapper.dtype=float16']))
    assert cfg.optim_wrapper.type == 'AmpOptimWrapper' and cfg.optim_wrapper.dtype == 'float16'


def test_distillation_checkpoint_as_teacher_gets_the_right_advice(tmp_path):
    from mmkd_ext.models.algorithms.teacher_checkpoint import load_teacher_checkpoint
    teacher_cfg = Config.fromfile(TINY['cnn_teacher'])
    teacher = build_model(teacher_cfg.model)
    state = {f'teacher.{k}': v for k, v in teacher.state_dict().items()}
    state['architecture.x'] = torch.zeros(1)
    path = str(tmp_path / 'kd_iter_2.pth')
    torch.save(dict(state_dict=state), path)
    with pytest.raises(ValueError, match=r"is a distillation checkpoint .* not a teacher's: give "
                       r'model.teacher_ckpt the checkpoint the teacher config wrote'):
        load_teacher_checkpoint(teacher, path)


def test_every_evaluated_label_file_is_read(data_copy, tmp_path):
    """Training files are sampled; an id the model cannot predict in any file of the
    evaluated split stops the run (IoUMetric would drop it silently)."""
    cfg = run_config(TINY['cnn_student'], data_copy, str(tmp_path))
    for split in ('train', 'val'):
        path = sorted(glob.glob(osp.join(data_copy, 'ann_dir', split, '*.png')))[1]
        seg = np.array(Image.open(path))
        seg[:2, :2] = 12
        Image.fromarray(seg).save(path)
    check_labels(cfg, keys=('train_dataloader', ), samples=2)   # files 0 and 7 of 8
    with pytest.raises(ValueError, match=r'val_dataloader.dataset: label file .*00001.png holds '
                       r'ids \[12\]'):
        check_labels(cfg, samples=2)


def test_colour_labels_read_by_their_own_loader_pass_the_label_check(tmp_path):
    """vKITTI2's labels are colour PNGs that LoadVKITTI2Annotations decodes: the label check
    reads them the same way instead of refusing three channels."""
    from mmkd_ext.datasets.layouts import write_layout
    from mmkd_ext.utils.reduced_config import replace_data_root
    root = write_layout('vkitti2', str(tmp_path / 'vkitti2'), num_train=1, num_val=1,
                        scale=0.05)
    cfg = Config.fromfile(osp.join(CONFIGS, 'lix', 'lix_mfnet-r18w16-rgbd_mfnet-r18w16_1xb8-'
                                   '80k_vkitti2-384x1248.py'))
    replace_data_root(cfg, root)
    check_labels(cfg)
