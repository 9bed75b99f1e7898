/*
 * backward.c  --  adjoint code, written against the ->data arrays
 *
 * The forward program I reverse, split into its elementary steps:
 *
 *   z1   = X W1 + b1
 *   p1   = relu(z1)
 *   z2   = p1 W2 + b2
 *   prob = softmax(z2)            (row by row)
 *   l_i  = -log prob[i][y_i]
 *   L    = (1/N) sum_i l_i + reg (|W1|^2 + |W2|^2)
 *
 * The softmax and the log are reversed one at a time (no shortcut).
 */

#include "backprop.h"

#define AT(m, i, j) ((m)->data[(i) * (m)->tda + (j)])
#define VAT(v, i)   ((v)->data[(i) * (v)->stride])

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* adj_W = A' adj_Z + 2 reg W   (A is the input of the affine layer) */
static void
weight_adjoint(const gsl_matrix *A, const gsl_matrix *adj_Z,
               const gsl_matrix *W, double reg, gsl_matrix *adj_W)
{
    size_t a, b, n;
    for (a = 0; a < adj_W->size1; a++)
    {
        for (b = 0; b < adj_W->size2; b++)
        {
            double s = 2.0 * reg * AT(W, a, b);
            for (n = 0; n < A->size1; n++)
                s += AT(A, n, a) * AT(adj_Z, n, b);
            AT(adj_W, a, b) = s;
        }
    }
}

/* adj_b = sum over the rows of adj_Z */
static void
bias_adjoint(const gsl_matrix *adj_Z, gsl_vector *adj_b)
{
    size_t n, b;
    for (b = 0; b < adj_Z->size2; b++)
    {
        double s = 0.0;
        for (n = 0; n < adj_Z->size1; n++)
            s += AT(adj_Z, n, b);
        VAT(adj_b, b) = s;
    }
}

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
         double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C;
    size_t i, j, k;
    gsl_matrix *adj_prob;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* L = (1/N) sum_i l_i,  l_i = -log prob[i][y_i]
     * adj_prob is zero except in the label column */
    adj_prob = gsl_matrix_calloc(N, C);
    for (i = 0; i < N; i++)
        AT(adj_prob, i, y[i]) = -1.0 / ((double) N * AT(cache->prob, i, y[i]));

    /* prob_i = softmax(z2_i):  adj_z2_k = p_k (adj_p_k - sum_j adj_p_j p_j) */
    for (i = 0; i < N; i++)
    {
        double dot = 0.0;
        for (k = 0; k < C; k++)
            dot += AT(adj_prob, i, k) * AT(cache->prob, i, k);
        for (k = 0; k < C; k++)
            AT(g->dz2, i, k) = AT(cache->prob, i, k) * (AT(adj_prob, i, k) - dot);
    }
    gsl_matrix_free(adj_prob);

    /* z2 = p1 W2 + b2 */
    weight_adjoint(cache->p1, g->dz2, net->W2, reg, g->dW2);
    bias_adjoint(g->dz2, g->db2);
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
        {
            double s = 0.0;
            for (k = 0; k < C; k++)
                s += AT(g->dz2, i, k) * AT(net->W2, j, k);
            AT(g->dp1, i, j) = s;
        }

    /* p1 = relu(z1) */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            AT(g->dz1, i, j) = AT(cache->z1, i, j) > 0.0 ? AT(g->dp1, i, j) : 0.0;

    /* z1 = X W1 + b1 */
    weight_adjoint(X, g->dz1, net->W1, reg, g->dW1);
    bias_adjoint(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
