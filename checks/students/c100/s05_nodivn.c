/* Assignment 2 - backprop for the 2 layer network
 * scores = hidden*W2 + b2, probs = softmax(scores)
 */

#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t D = net->D;
    size_t H = net->H;
    size_t C = net->C;
    size_t i, j, k;
    double sum;

    if (N != cache->N || X->size2 != D || g->N != N)
    {
        return 1;
    }

    /* gradient on the scores: probs - 1 at the correct class */
    for (i = 0; i < N; i++)
    {
        for (j = 0; j < C; j++)
        {
            sum = gsl_matrix_get(cache->prob, i, j);
            if (j == y[i])
            {
                sum = sum - 1.0;
            }
            gsl_matrix_set(g->dz2, i, j, sum);
        }
    }

    /* W2 and b2 */
    for (j = 0; j < H; j++)
    {
        for (k = 0; k < C; k++)
        {
            sum = 0;
            for (i = 0; i < N; i++)
            {
                sum += gsl_matrix_get(cache->p1, i, j) * gsl_matrix_get(g->dz2, i, k);
            }
            gsl_matrix_set(g->dW2, j, k, sum + 2 * reg * gsl_matrix_get(net->W2, j, k));
        }
    }
    for (k = 0; k < C; k++)
    {
        sum = 0;
        for (i = 0; i < N; i++)
        {
            sum += gsl_matrix_get(g->dz2, i, k);
        }
        gsl_vector_set(g->db2, k, sum);
    }

    /* into the hidden layer */
    for (i = 0; i < N; i++)
    {
        for (j = 0; j < H; j++)
        {
            sum = 0;
            for (k = 0; k < C; k++)
            {
                sum += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
            }
            gsl_matrix_set(g->dp1, i, j, sum);
            /* relu */
            if (gsl_matrix_get(cache->z1, i, j) <= 0)
            {
                sum = 0;
            }
            gsl_matrix_set(g->dz1, i, j, sum);
        }
    }

    /* W1 and b1 */
    for (i = 0; i < D; i++)
    {
        for (j = 0; j < H; j++)
        {
            sum = 0;
            for (k = 0; k < N; k++)
            {
                sum += gsl_matrix_get(X, k, i) * gsl_matrix_get(g->dz1, k, j);
            }
            gsl_matrix_set(g->dW1, i, j, sum + 2 * reg * gsl_matrix_get(net->W1, i, j));
        }
    }
    for (j = 0; j < H; j++)
    {
        sum = 0;
        for (i = 0; i < N; i++)
        {
            sum += gsl_matrix_get(g->dz1, i, j);
        }
        gsl_vector_set(g->db1, j, sum);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
