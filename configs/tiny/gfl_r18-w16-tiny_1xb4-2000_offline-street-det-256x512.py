# Tiny GFL student: mmdet's GFL with a ResNet-18 at quarter width (base 16), a 64-channel
# FPN and a two-conv head, trained from scratch on the offline detection scenes.
_base_ = ['mmdet::gfl/gfl_r50_fpn_1x_coco.py', '../_base_/offline_street_det.py']
train_dataloader = _base_.offline_det.train_dataloader
val_dataloader = _base_.offline_det.val_dataloader
test_dataloader = _base_.offline_det.test_dataloader
val_evaluator = _base_.offline_det.val_evaluator
test_evaluator = _base_.offline_det.test_evaluator
optim_wrapper = _base_.offline_det.optim_wrapper
param_scheduler = _base_.offline_det.param_scheduler
train_cfg = _base_.offline_det.train_cfg
default_hooks = _base_.offline_det.default_hooks
log_processor = _base_.offline_det.log_processor
env_cfg = _base_.offline_det.env_cfg
randomness = dict(seed=0)

width = 16
fpn_channels = 64
norm_cfg = dict(type='BN', requires_grad=True)
model = dict(
    backbone=dict(depth=18, stem_channels=width, base_channels=width, frozen_stages=-1,
                  norm_cfg=norm_cfg, norm_eval=False, init_cfg=None),
    neck=dict(in_channels=[width * 2**i for i in range(4)], out_channels=fpn_channels),
    bbox_head=dict(num_classes=4, in_channels=fpn_channels, feat_channels=fpn_channels,
                   stacked_convs=2, norm_cfg=dict(type='GN', num_groups=16, requires_grad=True)))
