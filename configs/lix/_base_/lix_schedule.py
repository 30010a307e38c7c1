# LIX Sec. IV-A: SGD, momentum 0.9, weight decay 5e-4, lr 5e-3 (poly decay is our choice;
# the paper trains 500 epochs with early stopping: 80k iterations here, best mIoU kept).
optim_wrapper = dict(type='OptimWrapper',
                     optimizer=dict(type='SGD', lr=5e-3, momentum=0.9, weight_decay=5e-4))
param_scheduler = [dict(type='PolyLR', eta_min=1e-5, power=0.9, begin=0, end=80000,
                        by_epoch=False)]
train_cfg = dict(type='IterBasedTrainLoop', max_iters=80000, val_interval=2000)
val_cfg = dict(type='ValLoop')
test_cfg = dict(type='TestLoop')
default_hooks = dict(checkpoint=dict(by_epoch=False, interval=2000, save_best='mIoU'))
