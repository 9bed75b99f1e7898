/*
 * Intro to Neural Networks - Exercise sheet 5 (backpropagation)
 * Name: Sofia Marchetti
 *
 * One function per layer, each writing into the out-parameters given to
 * it.  Everything with gsl_matrix_get / gsl_matrix_set so the indices are
 * checked.
 */

#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* softmax + cross-entropy:  dscores = d loss / d scores */
static void softmax_ce_backward(const gsl_matrix *probs, const size_t *labels,
                                gsl_matrix *dscores)
{
    size_t N = probs->size1;
    size_t C = probs->size2;
    double invN = 1.0 / (double) N;
    size_t i, k;

    for (i = 0; i < N; i++)
    {
        for (k = 0; k < C; k++)
        {
            double target = (labels[i] == k) ? 1.0 : 0.0;
            gsl_matrix_set(dscores, i, k,
                           (target - gsl_matrix_get(probs, i, k)) * invN);
        }
    }
}

/* fully connected layer out = in W + b */
static void dense_backward(const gsl_matrix *in, const gsl_matrix *W,
                           const gsl_matrix *dout, double reg,
                           gsl_matrix *dW, gsl_vector *db, gsl_matrix *din)
{
    size_t N = in->size1, K = W->size1, M = W->size2;
    size_t n, a, b;

    for (a = 0; a < K; a++)
    {
        for (b = 0; b < M; b++)
        {
            double acc = 2.0 * reg * gsl_matrix_get(W, a, b);
            for (n = 0; n < N; n++)
                acc += gsl_matrix_get(in, n, a) * gsl_matrix_get(dout, n, b);
            gsl_matrix_set(dW, a, b, acc);
        }
    }

    for (b = 0; b < M; b++)
    {
        double acc = 0.0;
        for (n = 0; n < N; n++)
            acc += gsl_matrix_get(dout, n, b);
        gsl_vector_set(db, b, acc);
    }

    if (din != NULL)
    {
        for (n = 0; n < N; n++)
        {
            for (a = 0; a < K; a++)
            {
                double acc = 0.0;
                for (b = 0; b < M; b++)
                    acc += gsl_matrix_get(dout, n, b) * gsl_matrix_get(W, a, b);
                gsl_matrix_set(din, n, a, acc);
            }
        }
    }
}

/* relu: gradient passes where the input was positive */
static void relu_backward(const gsl_matrix *z, const gsl_matrix *dout,
                          gsl_matrix *din)
{
    size_t i, j;

    for (i = 0; i < z->size1; i++)
    {
        for (j = 0; j < z->size2; j++)
        {
            if (gsl_matrix_get(z, i, j) > 0.0)
                gsl_matrix_set(din, i, j, gsl_matrix_get(dout, i, j));
            else
                gsl_matrix_set(din, i, j, 0.0);
        }
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    softmax_ce_backward(cache->prob, y, g->dz2);
    dense_backward(cache->p1, net->W2, g->dz2, reg, g->dW2, g->db2, g->dp1);
    relu_backward(cache->z1, g->dp1, g->dz1);
    dense_backward(X, net->W1, g->dz1, reg, g->dW1, g->db1, NULL);

    g->present = BP_GRADS_ALL;
    return 0;
}
