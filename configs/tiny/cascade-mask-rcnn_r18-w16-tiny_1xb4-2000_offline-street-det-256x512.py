# Tiny Cascade Mask R-CNN student: mmdet's Cascade Mask R-CNN with a ResNet-18 at quarter
# width (base 16), a 64-channel FPN (P2-P6), 256-unit box heads and a two-conv mask head,
# fewer proposals and RoIs than on COCO (small images, few objects), trained from scratch.
# RoIAlign takes 2x2 samples per bin (mmdet's default adapts to the RoI size, which made
# RoIAlign half of a CPU step) and each cascade stage samples 64 RoIs per image.
_base_ = ['mmdet::cascade_rcnn/cascade-mask-rcnn_r50_fpn_1x_coco.py',
          '../_base_/offline_street_det.py']
train_dataloader = _base_.offline_det.train_dataloader_masks
val_dataloader = _base_.offline_det.val_dataloader_masks
test_dataloader = _base_.offline_det.val_dataloader_masks
val_evaluator = _base_.offline_det.evaluator_masks
test_evaluator = _base_.offline_det.evaluator_masks
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
    rpn_head=dict(in_channels=fpn_channels, feat_channels=fpn_channels),
    roi_head=dict(
        bbox_roi_extractor=dict(out_channels=fpn_channels,
                                roi_layer=dict(sampling_ratio=2)),
        bbox_head=[dict(head, in_channels=fpn_channels, fc_out_channels=256, num_classes=4)
                   for head in _base_.model.roi_head.bbox_head],
        mask_roi_extractor=dict(out_channels=fpn_channels,
                                roi_layer=dict(sampling_ratio=2)),
        mask_head=dict(num_convs=2, in_channels=fpn_channels, conv_out_channels=fpn_channels,
                       num_classes=4)),
    train_cfg=dict(
        rpn_proposal=dict(nms_pre=1000, max_per_img=300),
        rcnn=[dict(stage, sampler=dict(stage.sampler, num=64))
              for stage in _base_.model.train_cfg.rcnn]),
    test_cfg=dict(rpn=dict(nms_pre=500, max_per_img=300)))
