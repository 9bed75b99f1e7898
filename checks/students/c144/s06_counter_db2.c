/*****************************************************************
 *  backward.c        Homework 5 -- backprop, 2-layer net
 *
 *  Mech. Eng. numerical methods.  Done with while loops like the
 *  Gauss-Seidel code from lab 4.  Counters are reset by hand.
 *****************************************************************/
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t i, j, k, m;
    size_t N, D, H, C;
    double s, pik;

    N = X->size1;
    D = net->D;
    H = net->H;
    C = net->C;
    if (N != cache->N || X->size2 != D || g->N != N)
    {
        return 1;
    }

    /* Eq. (1): dz2 = (p - onehot)/N,  p from the forward pass */
    i = 0;
    while (i < N)
    {
        k = 0;
        while (k < C)
        {
            pik = gsl_matrix_get(cache->prob, i, k);
            if (k == y[i])
            {
                pik = pik - 1.0;
            }
            gsl_matrix_set(g->dz2, i, k, pik / (double) N);
            k++;
        }
        i++;
    }

    /* Eq. (3): db2_k = sum over i of dz2_ik */
    gsl_vector_set_zero(g->db2);
    while (i < N)
    {
        k = 0;
        while (k < C)
        {
            gsl_vector_set(g->db2, k,
                           gsl_vector_get(g->db2, k) + gsl_matrix_get(g->dz2, i, k));
            k++;
        }
        i++;
    }

    /* Eq. (2): dW2 = p1' dz2 + 2 reg W2, and Eq. (4): dp1 = dz2 W2' */
    j = 0;
    while (j < H)
    {
        k = 0;
        while (k < C)
        {
            s = 0.0;
            i = 0;
            while (i < N)
            {
                s = s + gsl_matrix_get(cache->p1, i, j) * gsl_matrix_get(g->dz2, i, k);
                i++;
            }
            gsl_matrix_set(g->dW2, j, k, s + 2.0 * reg * gsl_matrix_get(net->W2, j, k));
            k++;
        }
        i = 0;
        while (i < N)
        {
            s = 0.0;
            k = 0;
            while (k < C)
            {
                s = s + gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
                k++;
            }
            gsl_matrix_set(g->dp1, i, j, s);
            /* Eq. (5): relu switch */
            gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(cache->z1, i, j) > 0.0 ? s : 0.0);
            i++;
        }
        j++;
    }

    /* Eq. (6), (7): dW1 = X' dz1 + 2 reg W1,  db1 = sum_i dz1 */
    j = 0;
    while (j < H)
    {
        m = 0;
        while (m < D)
        {
            s = 0.0;
            i = 0;
            while (i < N)
            {
                s = s + gsl_matrix_get(X, i, m) * gsl_matrix_get(g->dz1, i, j);
                i++;
            }
            gsl_matrix_set(g->dW1, m, j, s + 2.0 * reg * gsl_matrix_get(net->W1, m, j));
            m++;
        }
        s = 0.0;
        i = 0;
        while (i < N)
        {
            s = s + gsl_matrix_get(g->dz1, i, j);
            i++;
        }
        gsl_vector_set(g->db1, j, s);
        j++;
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
