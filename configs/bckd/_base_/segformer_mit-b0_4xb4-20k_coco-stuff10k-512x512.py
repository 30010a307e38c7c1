# SegFormer-B0 student on COCO-Stuff 10k (mmseg ships it for ADE20K/Cityscapes): mmseg's
# SegFormer-B0 recipe (AdamW, pretrained MiT-B0) on the COCO-Stuff 10k data and 20k schedule.
_base_ = ['mmseg::_base_/models/segformer_mit-b0.py',
          'mmseg::_base_/datasets/coco-stuff10k.py', 'mmseg::_base_/default_runtime.py',
          'mmseg::_base_/schedules/schedule_20k.py']
checkpoint = 'https://download.openmmlab.com/mmsegmentation/v0.5/pretrain/segformer/mit_b0_20220624-7e0fe6dd.pth'  # noqa
# the Runner gives a model without its own data_preprocessor the top-level one (a
# distillation algorithm then pads to this size): keep it the student's
data_preprocessor = dict(size=(512, 512))
model = dict(data_preprocessor=data_preprocessor,
             backbone=dict(init_cfg=dict(type='Pretrained', checkpoint=checkpoint)),
             decode_head=dict(num_classes=171))
optim_wrapper = dict(
    _delete_=True, type='OptimWrapper',
    optimizer=dict(type='AdamW', lr=0.00006, betas=(0.9, 0.999), weight_decay=0.01),
    paramwise_cfg=dict(custom_keys=dict(pos_block=dict(decay_mult=0.), norm=dict(decay_mult=0.),
                                        head=dict(lr_mult=10.))))
train_dataloader = dict(batch_size=4)
