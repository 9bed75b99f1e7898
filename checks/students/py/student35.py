import numpy as np


def relu(x):
    return x * (x > 0)


class TwoLayerNet:
    """
    loss = sum_i cross_entropy_i + reg * ||theta||^2, theta = (W1, b1, W2, b2)
    """

    def __init__(self, input_size, hidden_size, output_size, std=1e-4):
        self.params = {}
        self.params['W1'] = std * np.random.randn(input_size, hidden_size)
        self.params['b1'] = np.zeros(hidden_size)
        self.params['W2'] = std * np.random.randn(hidden_size, output_size)
        self.params['b2'] = np.zeros(output_size)

    def loss(self, X, y=None, reg=0.0):
        W1, b1 = self.params['W1'], self.params['b1']
        W2, b2 = self.params['W2'], self.params['b2']
        N = X.shape[0]

        pre_act = X @ W1 + b1
        post_act = relu(pre_act)
        scores = post_act @ W2 + b2
        if y is None:
            return scores

        stable = scores - scores.max(axis=1, keepdims=True)
        probs = np.exp(stable)
        probs /= probs.sum(axis=1, keepdims=True)
        loss = -np.log(probs[np.arange(N), y]).sum()
        loss += reg * (np.sum(W1 ** 2) + np.sum(b1 ** 2)
                       + np.sum(W2 ** 2) + np.sum(b2 ** 2))

        dout = probs
        dout[np.arange(N), y] -= 1
        grads = dict()
        grads['W2'] = post_act.T @ dout + 2 * reg * W2
        grads['b2'] = dout.sum(axis=0) + 2 * reg * b2
        dpost = dout @ W2.T
        dpre = dpost.copy()
        dpre[pre_act <= 0] = 0.0
        grads['W1'] = X.T @ dpre + 2 * reg * W1
        grads['b1'] = dpre.sum(axis=0) + 2 * reg * b1
        return loss, grads

    def predict(self, X):
        return np.argmax(self.loss(X), axis=1)
