import numpy as np


class TwoLayerNet(object):
    """The softmax without its normalization in log: the loss is NaN."""

    def __init__(self, input_size, hidden_size, output_size, std=1e-4):
        self.params = {}
        self.params['W1'] = std * np.random.randn(input_size, hidden_size)
        self.params['b1'] = np.zeros(hidden_size)
        self.params['W2'] = std * np.random.randn(hidden_size, output_size)
        self.params['b2'] = np.zeros(output_size)

    def loss(self, X, y=None, reg=0.0):
        W1, b1 = self.params['W1'], self.params['b1']
        W2, b2 = self.params['W2'], self.params['b2']
        h = np.maximum(0, X.dot(W1) + b1)
        scores = h.dot(W2) + b2
        if y is None:
            return scores
        loss = np.mean(np.log(scores[np.arange(len(y)), y] - 10))
        grads = {'W1': np.zeros_like(W1), 'b1': np.zeros_like(b1),
                 'W2': np.zeros_like(W2), 'b2': np.zeros_like(b2)}
        return loss, grads
