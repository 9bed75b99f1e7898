/* backward.c  --  backpropagation (assignment 2)
 *
 * Follows the derivation in the book:
 *    delta_k = (t_k - o_k)                 output layer
 *    delta_j = f'(net_j) sum_k w_jk delta_k  hidden layer
 *    Delta w_jk = delta_k o_j
 * averaged over the N examples of the batch.
 */
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t n_in = net->D, n_hid = net->H, n_out = net->C;
    size_t i, j, k;

    if (N != cache->N || X->size2 != n_in || g->N != N)
        return 1;

    /* output layer error signal */
    for (i = 0; i < N; i++)
        for (k = 0; k < n_out; k++)
        {
            double o_k = gsl_matrix_get(cache->prob, i, k);
            double t_k = (k == y[i]) ? 1.0 : 0.0;
            gsl_matrix_set(g->dz2, i, k, (t_k - o_k) / N);
        }

    /* gradient of the output weights: o_j delta_k, plus weight decay */
    for (j = 0; j < n_hid; j++)
        for (k = 0; k < n_out; k++)
        {
            double s = 0;
            for (i = 0; i < N; i++)
                s += gsl_matrix_get(cache->p1, i, j) * gsl_matrix_get(g->dz2, i, k);
            s += 2 * reg * gsl_matrix_get(net->W2, j, k);
            gsl_matrix_set(g->dW2, j, k, s);
        }

    for (k = 0; k < n_out; k++)
    {
        double s = 0;
        for (i = 0; i < N; i++)
            s += gsl_matrix_get(g->dz2, i, k);
        gsl_vector_set(g->db2, k, s);
    }

    /* hidden layer: sum_k w_jk delta_k, then times f'(net_j) */
    for (i = 0; i < N; i++)
        for (j = 0; j < n_hid; j++)
        {
            double s = 0;
            for (k = 0; k < n_out; k++)
                s += gsl_matrix_get(net->W2, j, k) * gsl_matrix_get(g->dz2, i, k);
            gsl_matrix_set(g->dp1, i, j, s);
            if (gsl_matrix_get(cache->z1, i, j) > 0)
                gsl_matrix_set(g->dz1, i, j, s);
            else
                gsl_matrix_set(g->dz1, i, j, 0.0);
        }

    for (i = 0; i < n_in; i++)
        for (j = 0; j < n_hid; j++)
        {
            double s = 0;
            for (k = 0; k < N; k++)     /* k runs over the examples here */
                s += gsl_matrix_get(X, k, i) * gsl_matrix_get(g->dz1, k, j);
            gsl_matrix_set(g->dW1, i, j, s + 2 * reg * gsl_matrix_get(net->W1, i, j));
        }

    for (j = 0; j < n_hid; j++)
    {
        double s = 0;
        for (i = 0; i < N; i++)
            s += gsl_matrix_get(g->dz1, i, j);
        gsl_vector_set(g->db1, j, s);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
