// Lab 3 backprop
// Truong Gia Bao - 20200451
//
// dhidden[hidden <= 0] = 0   (relu backward)

#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void colSum(const gsl_matrix *m, gsl_vector *v)
{
    size_t r, c;
    for (c = 0; c < m->size2; c++)
    {
        double s = 0.0;
        for (r = 0; r < m->size1; r++)
            s += gsl_matrix_get(m, r, c);
        gsl_vector_set(v, c, s);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    gsl_matrix *dScores = g->dz2;
    gsl_matrix *dHidden = g->dp1;

    // softmax + cross entropy
    for (i = 0; i < N; i++)
        for (j = 0; j < C; j++)
        {
            double v = gsl_matrix_get(cache->prob, i, j);
            if (j == y[i]) v -= 1.0;
            gsl_matrix_set(dScores, i, j, v / N);
        }

    // W2, b2
    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++)
        {
            double s = 2.0 * reg * gsl_matrix_get(net->W2, j, k);
            for (i = 0; i < N; i++)
                s += gsl_matrix_get(cache->p1, i, j) * gsl_matrix_get(dScores, i, k);
            gsl_matrix_set(g->dW2, j, k, s);
        }
    colSum(dScores, g->db2);

    // hidden
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
        {
            double s = 0.0;
            for (k = 0; k < C; k++)
                s += gsl_matrix_get(dScores, i, k) * gsl_matrix_get(net->W2, j, k);
            gsl_matrix_set(dHidden, i, j, s);
        }

    // relu: kill the negative ones
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
        {
            double d = gsl_matrix_get(dHidden, i, j);
            gsl_matrix_set(g->dz1, i, j, d > 0 ? d : 0.0);
        }

    // W1, b1
    for (j = 0; j < D; j++)
        for (k = 0; k < H; k++)
        {
            double s = 2.0 * reg * gsl_matrix_get(net->W1, j, k);
            for (i = 0; i < N; i++)
                s += gsl_matrix_get(X, i, j) * gsl_matrix_get(g->dz1, i, k);
            gsl_matrix_set(g->dW1, j, k, s);
        }
    colSum(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
