// backward.c
// Priya S. -- bootcamp C module, backprop exercise
//
// I used the raw data pointer of the gsl matrices (data[i * tda + j])
// because a mentor said gsl_matrix_get checks the range every time and is
// slow. The macro AT() does the indexing so I don't get it wrong.
// The weight gradients are built one sample at a time, like in the
// "outer product" slide: dW += a_i^T * delta_i for every sample i.

#include "backprop.h"

#define AT(m, i, j) ((m)->data[(i) * (m)->tda + (j)])

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N, D, H, C;
    size_t i, j, k;
    double grad_out, grad_hidden;

    N = X->size1;
    D = net->D;
    H = net->H;
    C = net->C;
    if (N != cache->N || X->size2 != D || g->N != N)
    {
        return 1;
    }

    // dz2 = (probs - 1 at the label) / N
    for (i = 0; i < N; i++)
    {
        for (j = 0; j < C; j++)
        {
            grad_out = AT(cache->prob, i, j);
            if (y[i] == j)
            {
                grad_out -= 1.0;
            }
            AT(g->dz2, i, j) = grad_out / N;
        }
    }

    // start the weight gradients with the reg part, biases with zero
    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++)
            AT(g->dW2, j, k) = 2.0 * reg * AT(net->W2, j, k);
    for (k = 0; k < D; k++)
        for (j = 0; j < H; j++)
            AT(g->dW1, k, j) = 2.0 * reg * AT(net->W1, k, j);
    for (k = 0; k < C; k++)
        g->db2->data[k * g->db2->stride] = 0.0;
    for (j = 0; j < H; j++)
        g->db1->data[j * g->db1->stride] = 0.0;

    // now go through the batch one sample at a time
    for (i = 0; i < N; i++)
    {
        // second layer: dW2 += p1_i^T dz2_i,  db2 += dz2_i
        for (k = 0; k < C; k++)
        {
            grad_out = AT(g->dz2, i, k);
            for (j = 0; j < H; j++)
            {
                AT(g->dW2, j, k) += AT(cache->p1, i, j) * grad_out;
            }
            g->db2->data[k * g->db2->stride] += grad_out;
        }

        // dp1_i = dz2_i W2^T  and  dz1_i = dp1_i * relu'(z1_i)
        for (j = 0; j < H; j++)
        {
            grad_hidden = 0.0;
            for (k = 0; k < C; k++)
            {
                grad_hidden += AT(g->dz2, i, k) * AT(net->W2, j, k);
            }
            AT(g->dp1, i, j) = grad_hidden;
            if (AT(cache->z1, i, j) <= 0.0)
            {
                grad_hidden = 0.0;     // dead unit, no gradient
            }
            AT(g->dz1, i, j) = grad_hidden;
        }

        // first layer: dW1 += x_i^T dz1_i,  db1 += dz1_i
        for (j = 0; j < H; j++)
        {
            grad_hidden = AT(g->dz1, i, j);
            for (k = 0; k < D; k++)
            {
                AT(g->dW1, k, j) += AT(X, i, k) * grad_hidden;
            }
            g->db1->data[j * g->db1->stride] += grad_hidden;
        }
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
